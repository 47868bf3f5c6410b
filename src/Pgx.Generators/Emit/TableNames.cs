using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>The names Pgx derives for a table's objects, in one place so DDL and repositories agree.</summary>
internal static class TableNames
{
    /// <summary><c>schema.table</c>, quoted when needed.</summary>
    public static string Qualified(this TableSpec table) => SqlText.Qualified(table.Schema, table.Name);

    /// <summary>A partition (child) table, quoted, in the parent's schema.</summary>
    public static string QualifiedChild(this TableSpec table, string child) => SqlText.Qualified(table.Schema, child);

    /// <summary>The qualified sequence name, quoted.</summary>
    public static string QualifiedSequence(this SequenceSpec sequence) => SqlText.Qualified(sequence.Schema, sequence.Name);

    /// <summary>The primary-key constraint of <paramref name="table"/> (parent or child).</summary>
    public static string PrimaryKey(string table) => Names.Derived(table, "_pkey");

    /// <summary>The CHECK constraint that bounds a trigger-routed child.</summary>
    public static string PartitionCheck(string child) => Names.Derived(child, "_partition_check");

    /// <summary>The routing trigger and its function: <c>{table}_insert_trigger</c>, the name "When Your Postgres Database and ORM Collide: Partitioning" uses.</summary>
    public static string RoutingTrigger(this TableSpec table) => Names.Derived(table.Name, "_insert_trigger");

    /// <summary>An index of a trigger-routed child: inheritance copies none, so each child gets its own.</summary>
    public static string ChildIndex(string child, IndexSpec index) =>
        Names.Index(child, index.Columns, index.IsUnique);
}
