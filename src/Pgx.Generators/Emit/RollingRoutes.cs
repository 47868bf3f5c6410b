using System.Collections.Generic;
using System.Globalization;
using Pgx.Generators.Model;

namespace Pgx.Generators.Emit;

/// <summary>
/// How repositories route rows of a rolling partition set, whose partitions exist only at run time. A declarative
/// table takes every row through its parent (PostgreSQL finds the partition by binary search; a row whose partition
/// is missing goes to the default partition, or fails with 23514), so generated code lists no partition. A
/// trigger-routed table inserts straight into the child, which generated code computes from the rule
/// (<c>global::Pgx.PgxRollingRoutes</c>): constant time per row, no catalog lookup, no table of partitions.
/// </summary>
internal sealed class RollingRoutes
{
    private readonly RepositoryPlan _plan;
    private readonly RollingSpec _rolling;

    private RollingRoutes(RepositoryPlan plan, RollingSpec rolling)
    {
        _plan = plan;
        _rolling = rolling;
    }

    /// <summary>Whether generated code leaves routing to PostgreSQL: declarative rolling sets.</summary>
    public static bool ThroughParent(PartitioningSpec partitioning) =>
        partitioning.Rolling is not null && partitioning.Routing == PartitionRouting.Declarative;

    /// <summary>The computed routes of a trigger-routed rolling set, or null for any other table.</summary>
    public static RollingRoutes? Computed(RepositoryPlan plan) =>
        plan.Table.Partitioning is { Rolling: { } rolling, Routing: PartitionRouting.Trigger } ? new RollingRoutes(plan, rolling) : null;

    /// <summary><c>private static readonly PgxRollingRoutes Rolling = new(…);</c>, before the statements that use it.</summary>
    public void WriteRoutesField(SourceWriter writer)
    {
        var table = _plan.Table;
        var start = _rolling.Start is { } s ? s.ToString(CultureInfo.InvariantCulture) + "L" : "null";
        writer.Line("private static readonly global::Pgx.PgxRollingRoutes Rolling = new(" + CSharpNames.Literal(table.Schema) + ", " + CSharpNames.Literal(table.Name) + ", "
            + CSharpNames.Literal(_plan.PartitionColumn!.ColumnName) + ", " + CSharpNames.Literal(_rolling.Interval) + ", " + (_rolling.IntegerKey ? "true" : "false") + ", "
            + _plan.Routes.Count.ToString(CultureInfo.InvariantCulture) + ", " + start + ");");
    }

    /// <summary>One statement per listed partition, and a template for the rolling children.</summary>
    public void WriteStatements(SourceWriter writer, string name, IReadOnlyList<string> listed, System.Func<string, string> render)
    {
        writer.Line("private static readonly global::Pgx.PgxRollingStatements " + name + " = Rolling.Statements(");
        using (writer.Indent())
        {
            writer.Line("new string[]");
            writer.Line("{");
            using (writer.Indent())
            {
                foreach (var statement in listed)
                {
                    writer.Line(CSharpNames.Literal(statement) + ",");
                }
            }

            writer.Line("},");
            writer.Line(CSharpNames.Literal(render(Marker)) + ");");
        }
    }

    /// <summary>In <c>PartitionOf</c>, before the default partition: the rolling child of a value at or after Start.</summary>
    public void WritePartitionOf(SourceWriter writer)
    {
        writer.Line("var rolling = Rolling.IndexOf(value);");
        writer.Line("if (rolling >= 0) return rolling; // the rolling child the rule names");
    }

    /// <summary>
    /// FindAsync's read of a child: a rolling child that does not exist (not made yet, or retired) holds no row, so the
    /// exception that names it for inserts means "not found" here.
    /// </summary>
    public void WriteFindInChild(SourceWriter writer, string read)
    {
        using (writer.Block("try"))
        {
            writer.Line(read);
        }

        using (writer.Block("catch (global::Pgx.PgxPartitionException) when (partition >= " + _plan.Routes.Count.ToString(CultureInfo.InvariantCulture) + ")"))
        {
            writer.Line("return null;");
        }
    }

    /// <summary>Where a template names the child (<c>PgxRollingStatements.ChildMarker</c>).</summary>
    private const string Marker = "/*pgx:child*/";
}
