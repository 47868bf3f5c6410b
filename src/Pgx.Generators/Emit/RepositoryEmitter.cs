using System.Linq;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// <c>{Namespace}.{Type}.Pgx.g.cs</c>: the typed repository of one table record, in the record's namespace —
/// <c>InsertAsync</c>, <c>InsertManyAsync</c>, <c>ImportAsync</c>, <c>FindAsync</c>, <c>UpdateAsync</c>, <c>MoveAsync</c>
/// (partitioned), <c>DeleteAsync</c>, <c>UpsertAsync</c> and their batch forms for a local table; <c>FindAsync</c> and
/// <c>QueryAsync</c> for a foreign table, plus <c>InsertAsync</c>, <c>InsertManyAsync</c> and <c>UpdateAsync</c> when it
/// is not read-only. The class skeleton is written here; <see cref="RepositoryWrites"/>, <see cref="RepositoryImport"/>,
/// <see cref="RepositoryChanges"/> and <see cref="RepositoryReads"/> write the members.
/// </summary>
internal static class RepositoryEmitter
{
    /// <summary>Adds the repository of <paramref name="table"/>, when it can have one.</summary>
    public static void Emit(SourceProductionContext context, TableSpec table)
    {
        var source = Render(table);
        if (source is not null)
        {
            context.AddSource(HintName(table), source);
        }
    }

    /// <summary><c>Shop.T.Pgx.g.cs</c> for <c>global::Shop.T</c>.</summary>
    public static string HintName(TableSpec table) => ClrTypeNames.Readable(table.FullyQualifiedType) + ".Pgx.g.cs";

    /// <summary>The C# source of the repository, or null when the record cannot have one.</summary>
    public static string? Render(TableSpec table)
    {
        var plan = RepositoryPlan.For(table);
        if (plan is null)
        {
            return null;
        }

        var writer = new SourceWriter();
        GeneratedCode.WriteHeader(writer);
        if (table.Namespace.Length == 0)
        {
            WriteClass(writer, plan);
        }
        else
        {
            using (writer.Block("namespace " + CSharpNames.Dotted(table.Namespace)))
            {
                WriteClass(writer, plan);
            }
        }

        return writer.ToString();
    }

    private static void WriteClass(SourceWriter writer, RepositoryPlan plan)
    {
        var table = plan.Table;
        var type = table.FullyQualifiedType;
        writer.Line("/// <summary>");
        if (plan.Foreign is { } foreign)
        {
            writer.Line("/// Typed reads" + (plan.WritesRows ? " and writes" : "") + " of <see cref=\"" + type + "\"/> rows in the foreign table <c>" + Xml(table.Qualified()) + "</c>,");
            writer.Line("/// on the postgres_fdw server <c>" + Xml(SqlText.Identifier(foreign.Server)) + "</c> (remote table <c>" + Xml(SqlText.Qualified(foreign.RemoteSchema, foreign.RemoteName)) + "</c>)"
                + (plan.WritesRows ? "; writable, as the record declares (<c>ReadOnly = false</c>)." : "; read-only, as the record declares."));
        }
        else
        {
            writer.Lines("/// Typed inserts, lookups, updates, deletes and upserts of <see cref=\"" + type + "\"/> rows in <c>" + Xml(table.Qualified()) + "</c>" + DescribeTable(plan) + ".");
        }

        if (table.IsTriggerRouted)
        {
            writer.Line("/// Inserts go straight to the child table the partition key selects, so the trigger never runs and the");
            writer.Line("/// row comes back with its key.");
        }

        writer.Line("/// </summary>");
        writer.Line("/// <remarks>");
        writer.Line("/// Built from a data source, a repository runs each call on its own pooled connection and is safe to share;");
        writer.Line("/// built from a connection, it is as single-threaded as the connection. Statements are prepared: the first");
        writer.Line("/// use of a statement on a physical connection costs one extra round trip, later uses none.");
        if (plan.QueriesByCondition)
        {
            writer.Line("/// <c>QueryAsync</c> is the exception: its statement is the caller's, so it is not kept prepared.");
        }

        writer.Line("/// </remarks>");
        writer.Line(GeneratedCode.Attribute);
        using (writer.Block((table.IsPublic ? "public" : "internal") + " sealed partial class " + plan.ClassName))
        {
            WriteFields(writer, plan);
            WriteConstructors(writer, plan);
            WriteMembers(writer, plan);
            RepositoryReads.WriteReadRow(writer, plan);
        }
    }

    /// <summary>The public methods (and PartitionOf), each followed by a blank line.</summary>
    private static void WriteMembers(SourceWriter writer, RepositoryPlan plan)
    {
        if (plan.WritesRows)
        {
            RepositoryWrites.WriteInsert(writer, plan);
            writer.Line();
            RepositoryWrites.WriteInsertMany(writer, plan);
            writer.Line();
        }

        if (RepositoryImport.Imports(plan))
        {
            RepositoryImport.WriteImport(writer, plan);
            writer.Line();
        }

        if (plan.UpdatesRows)
        {
            RepositoryWrites.WriteUpdate(writer, plan);
            writer.Line();
        }

        if (RepositoryChanges.Applies(plan))
        {
            RepositoryChanges.WriteUpdate(writer, plan);
            writer.Line();
            if (RepositoryChanges.Moves(plan))
            {
                RepositoryChanges.WriteMove(writer, plan);
                writer.Line();
            }

            RepositoryChanges.WriteDelete(writer, plan);
            writer.Line();
            RepositoryChanges.WriteUpsert(writer, plan);
            writer.Line();
            RepositoryChangeBatches.WriteDeleteMany(writer, plan);
            writer.Line();
            RepositoryChangeBatches.WriteUpsertMany(writer, plan);
            writer.Line();
        }

        if (plan.Finds)
        {
            RepositoryReads.WriteFind(writer, plan);
            writer.Line();
        }

        if (plan.QueriesByCondition)
        {
            RepositoryReads.WriteQuery(writer, plan);
            writer.Line();
        }

        if (plan.IsRouted)
        {
            RepositoryReads.WritePartitionOf(writer, plan);
            writer.Line();
            HashRoutes.WritePartitionOfAsync(writer, plan);
        }

        if (RepositoryShards.Applies(plan))
        {
            RepositoryShards.WriteInsertOnShard(writer, plan);
            RepositoryShards.WriteBatchStatements(writer, plan);
        }
    }

    private static string DescribeTable(RepositoryPlan plan)
    {
        if (plan.Table.Partitioning is not { } partitioning)
        {
            return "";
        }

        var kind = partitioning.Kind.ToString().ToUpperInvariant();
        var column = Xml(SqlText.Identifier(partitioning.KeyColumn));
        return plan.Table.IsTriggerRouted
            ? ",\n/// " + kind + "-partitioned on <c>" + column + "</c> by a routing trigger"
            : ", " + kind + "-partitioned on <c>" + column + "</c> (declarative)";
    }

    private static void WriteFields(SourceWriter writer, RepositoryPlan plan)
    {
        if (plan.WritesRows || plan.Columns.Any(EnumStorage.IsChecked))
        {
            // For the messages of exceptions that writes (and range-checked reads) throw.
            writer.Line("private const string TableName = " + CSharpNames.Literal(plan.Table.Qualified()) + ";");
            writer.Line();
        }

        // A trigger-routed rolling set: statements for children the rule computes at run time (see RollingRoutes).
        RollingRoutes.Computed(plan)?.WriteRoutesField(writer);

        if (plan.WritesRows)
        {
            WriteRoutedStatements(writer, plan, "InsertSql", plan.WriteTargets, plan.Table.IsTriggerRouted, plan.InsertSql);
            if (!plan.InsertsManyThroughFdw)
            {
                WriteRoutedStatements(writer, plan, "CopySql", plan.WriteTargets, plan.Table.IsTriggerRouted, plan.CopySql);
            }

            WriteRoutedStatements(writer, plan, "InsertManySql", plan.WriteTargets, plan.Table.IsTriggerRouted, plan.InsertManySql);

            if (RepositoryImport.Imports(plan))
            {
                WriteRoutedStatements(writer, plan, "ImportSql", plan.WriteTargets, plan.Table.IsTriggerRouted, t => RepositoryImport.CopySql(plan, t));
            }

            if (plan.SequenceColumn is not null)
            {
                writer.Line("private const string NextValuesSql = " + CSharpNames.Literal(plan.NextValuesSql()) + ";");
            }
        }

        if (RepositoryChanges.Applies(plan))
        {
            RepositoryChanges.WriteStatements(writer, plan);
            RepositoryChangeBatches.WriteStatements(writer, plan);
        }

        if (plan.UpdatesRows)
        {
            writer.Line("private const string UpdateSql = " + CSharpNames.Literal(plan.UpdateSql()) + ";");
        }

        if (plan.Finds)
        {
            WriteRoutedStatements(writer, plan, "FindSql", plan.FindTargets, plan.IsRouted, plan.FindSql);
        }

        if (plan.QueriesByCondition)
        {
            writer.Line("private const string SelectSql = " + CSharpNames.Literal(plan.SelectSql()) + ";");
        }

        writer.Line();
        var type = plan.Table.FullyQualifiedType;
        if (plan.WritesRows && plan.SequenceColumn is { } sequence)
        {
            writer.Line("private static readonly global::System.Func<global::Npgsql.NpgsqlDataReader, " + ClrTypeNames.NonNullable(sequence.ClrType) + "?> ReadKey = reader => " + ColumnCode.Read(sequence, "reader", 0) + ";");
        }

        if (plan.Finds)
        {
            writer.Line("private static readonly global::System.Func<global::Npgsql.NpgsqlDataReader, " + type + "?> ReadFound = reader => ReadRow(reader);");
        }

        if (plan.QueriesByCondition)
        {
            writer.Line("private static readonly global::System.Func<global::Npgsql.NpgsqlDataReader, " + type + "> ReadEach = ReadRow;");
        }

        writer.Line();
        writer.Line("private readonly global::Pgx.PgxRepositoryConnection _db;");
        writer.Line();
        if (RepositoryShards.Applies(plan))
        {
            RepositoryShards.WriteFields(writer, plan);
        }
    }

    /// <summary>
    /// One statement per partition, or one constant; for a trigger-routed rolling set, the listed partitions' statements
    /// and a template the rule's children are rendered from (<paramref name="render"/> of the child marker).
    /// </summary>
    internal static void WriteRoutedStatements(SourceWriter writer, RepositoryPlan plan, string name, System.Collections.Generic.IReadOnlyList<string> targets, bool perPartition, System.Func<string, string> render)
    {
        var statements = targets.Select(render).ToList();
        if (perPartition && RollingRoutes.Computed(plan) is { } rolling)
        {
            rolling.WriteStatements(writer, name, statements, render);
        }
        else
        {
            WriteStatementArray(writer, name, statements, perPartition);
        }
    }

    /// <summary>One statement per partition (in route order, the default last), or one constant.</summary>
    internal static void WriteStatementArray(SourceWriter writer, string name, System.Collections.Generic.IReadOnlyList<string> statements, bool perPartition)
    {
        if (!perPartition)
        {
            writer.Line("private const string " + name + " = " + CSharpNames.Literal(statements[0]) + ";");
            return;
        }

        writer.Line("private static readonly string[] " + name + " =");
        writer.Line("{");
        using (writer.Indent())
        {
            foreach (var statement in statements)
            {
                writer.Line(CSharpNames.Literal(statement) + ",");
            }
        }

        writer.Line("};");
    }

    private static void WriteConstructors(SourceWriter writer, RepositoryPlan plan)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Creates a repository that runs each call on its own connection from <paramref name=\"dataSource\"/>;");
        writer.Line("/// safe to share between threads.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"dataSource\">The database.</param>");
        writer.Line("public " + plan.ClassName + "(global::Npgsql.NpgsqlDataSource dataSource)");
        writer.Line("    => _db = new global::Pgx.PgxRepositoryConnection(dataSource);");
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Creates a repository that runs on <paramref name=\"connection\"/> (opened for each call and closed again");
        writer.Line("/// if it is closed), inside <paramref name=\"transaction\"/> when one is given: the caller then commits or");
        writer.Line("/// rolls back everything this repository wrote.");
        if (RepositoryShards.Applies(plan))
        {
            writer.Line("/// Rows whose partition is on another server go through the coordinator (postgres_fdw) in that transaction,");
            writer.Line("/// never directly: one transaction cannot span servers.");
        }

        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"connection\">The connection to use.</param>");
        writer.Line("/// <param name=\"transaction\">The caller's transaction on <paramref name=\"connection\"/>, or <see langword=\"null\"/>.</param>");
        writer.Line("public " + plan.ClassName + "(global::Npgsql.NpgsqlConnection connection, global::Npgsql.NpgsqlTransaction? transaction = null)");
        writer.Line("    => _db = new global::Pgx.PgxRepositoryConnection(connection, transaction);");
        writer.Line();
        if (RepositoryShards.Applies(plan))
        {
            RepositoryShards.WriteConstructor(writer, plan);
        }
    }

    /// <summary>Escapes text for one line of an XML doc comment (see <see cref="CSharpNames.CommentLine"/>).</summary>
    public static string Xml(string text) => CSharpNames.CommentLine(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
