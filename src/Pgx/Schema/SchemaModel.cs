using System.Collections.Generic;

namespace Pgx.Schema;

/// <summary>
/// A database schema as data: what the compiled model wants (written by the generator as JSON) or what a live
/// catalog holds (read at run time). The diff engine turns two of these into a plan. Plain mutable classes with no
/// dependency beyond netstandard2.0, since the generator and the build task compile the same files.
/// </summary>
internal sealed class SchemaModel
{
    /// <summary>The JSON format this code writes; readers accept it and anything older.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The format version the model was written in.</summary>
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>The schemas (other than <c>public</c>) the tables and sequences live in, in ordinal order.</summary>
    public List<string> Schemas { get; set; } = new();

    /// <summary>The local tables in (schema, name) order.</summary>
    public List<TableModel> Tables { get; set; } = new();

    /// <summary>
    /// The generator's idempotent block that gives partitions their parent's privileges, row-level security and row
    /// triggers; run after any change to a partitioned table. Empty when no table is partitioned.
    /// </summary>
    public string MirrorSql { get; set; } = "";

    /// <summary>
    /// The other servers that hold partitions (postgres_fdw foreign partitions), in server-name order: the real tables
    /// behind them, which apply creates and keeps in step through each server's own connection. Empty when every
    /// partition is local.
    /// </summary>
    public List<ShardModel> Shards { get; set; } = new();
}

/// <summary>A foreign server that holds partitions, and the tables it must have for them.</summary>
internal sealed class ShardModel
{
    /// <summary>The foreign server's name, as <c>[assembly: ForeignServer]</c> declares it.</summary>
    public string Server { get; set; } = "";

    /// <summary>The schemas (other than <c>public</c>) its tables live in.</summary>
    public List<string> Schemas { get; set; } = new();

    /// <summary>One plain table per partition it holds, with the coordinator's column types and the key.</summary>
    public List<TableModel> Tables { get; set; } = new();
}

/// <summary>One table, its columns, key, indexes and partitions.</summary>
internal sealed class TableModel
{
    /// <summary>The schema name (unquoted).</summary>
    public string Schema { get; set; } = "public";

    /// <summary>The table name (unquoted).</summary>
    public string Name { get; set; } = "";

    /// <summary>The columns in order.</summary>
    public List<ColumnModel> Columns { get; set; } = new();

    /// <summary>The primary key's constraint name, or null when the table has none.</summary>
    public string? PrimaryKeyName { get; set; }

    /// <summary>The primary key's columns in order; empty when the table has none.</summary>
    public List<string> PrimaryKey { get; set; } = new();

    /// <summary>The sequence the key takes its values from, if any.</summary>
    public SequenceModel? Sequence { get; set; }

    /// <summary>The indexes on the table itself (not the primary key's).</summary>
    public List<IndexModel> Indexes { get; set; } = new();

    /// <summary>How the table is partitioned, or null.</summary>
    public PartitioningModel? Partitioning { get; set; }

    /// <summary>Desired only: the generator's idempotent DDL that creates the whole table, partitions and routing included.</summary>
    public string CreateSql { get; set; } = "";
}

/// <summary>One column.</summary>
internal sealed class ColumnModel
{
    /// <summary>The column name (unquoted).</summary>
    public string Name { get; set; } = "";

    /// <summary>The type as PostgreSQL's <c>format_type()</c> prints it, e.g. <c>timestamp with time zone</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>Whether the column is NOT NULL.</summary>
    public bool NotNull { get; set; }

    /// <summary>The default expression, or null.</summary>
    public string? Default { get; set; }

    /// <summary>Desired only: the column's previous name, when the model says it was renamed.</summary>
    public string? RenamedFrom { get; set; }
}

/// <summary>The sequence that feeds a key column.</summary>
internal sealed class SequenceModel
{
    /// <summary>The sequence's schema.</summary>
    public string Schema { get; set; } = "public";

    /// <summary>The sequence's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The column it feeds.</summary>
    public string Column { get; set; } = "";

    /// <summary><c>smallint</c>, <c>integer</c> or <c>bigint</c>.</summary>
    public string Type { get; set; } = "bigint";

    /// <summary>Whether the table owns it (dropped with the table).</summary>
    public bool OwnedByTable { get; set; }
}

/// <summary>One index. Its identity is its definition (columns, uniqueness), not only its name.</summary>
internal sealed class IndexModel
{
    /// <summary>The index name (unquoted).</summary>
    public string Name { get; set; } = "";

    /// <summary>The indexed columns in order.</summary>
    public List<string> Columns { get; set; } = new();

    /// <summary>Whether it is unique.</summary>
    public bool Unique { get; set; }

    /// <summary>Desired only: whether the user named it.</summary>
    public bool ExplicitName { get; set; }

    /// <summary>Actual only: false for an index left invalid by an interrupted concurrent build.</summary>
    public bool Valid { get; set; } = true;

    /// <summary>Actual only: the parent table's index this partition index is attached to, if any.</summary>
    public string? AttachedTo { get; set; }

    /// <summary>Whether two indexes have the same definition (columns in order and uniqueness).</summary>
    public bool SameDefinition(IndexModel other)
    {
        if (Unique != other.Unique || Columns.Count != other.Columns.Count)
        {
            return false;
        }

        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] != other.Columns[i])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>How a table is partitioned.</summary>
internal sealed class PartitioningModel
{
    /// <summary><c>list</c>, <c>range</c> or <c>hash</c>.</summary>
    public string Kind { get; set; } = "list";

    /// <summary><c>declarative</c> (PARTITION BY / PARTITION OF) or <c>trigger</c> (INHERITS + routing trigger).</summary>
    public string Routing { get; set; } = "declarative";

    /// <summary>The partition-key column.</summary>
    public string KeyColumn { get; set; } = "";

    /// <summary>The partitions, the default partition (if any) last.</summary>
    public List<PartitionModel> Partitions { get; set; } = new();

    /// <summary>
    /// Trigger routing: the routing function's name. Desired: its whole <c>CREATE OR REPLACE FUNCTION</c> in
    /// <see cref="RoutingFunctionSql"/>; actual: its body as <c>prosrc</c> holds it in <see cref="RoutingFunctionBody"/>.
    /// </summary>
    public string? RoutingFunction { get; set; }

    /// <summary>Desired only: the generator's <c>CREATE OR REPLACE FUNCTION</c> of the routing function.</summary>
    public string? RoutingFunctionSql { get; set; }

    /// <summary>The routing function's body (between the dollar quotes).</summary>
    public string? RoutingFunctionBody { get; set; }

    /// <summary>Whether rows are routed by a trigger.</summary>
    public bool IsTriggerRouted => Routing == "trigger";

    /// <summary>
    /// Actual only, trigger routing: the parent's row-level <c>BEFORE INSERT</c> triggers that route rows (Pgx's own,
    /// or one written by hand under any name), read so that a table built by hand is adopted with exactly one. Null
    /// when not read (a snapshot of the model, which holds Pgx's trigger by definition).
    /// </summary>
    public List<RoutingTriggerModel>? RoutingTriggers { get; set; }

    /// <summary>Actual only, trigger routing: the rows in the parent table itself (<c>ONLY</c>), which no child holds.</summary>
    public long RowsInParent { get; set; }

    /// <summary>Desired only: the rule that makes and retires range partitions at run time, or null.</summary>
    public RollingModel? Rolling { get; set; }

    /// <summary>
    /// Actual only: the partitions that are postgres_fdw foreign tables, each with its <see cref="PartitionModel.Server"/>.
    /// Kept apart from <see cref="Partitions"/>, which the foreign refresh (not the diff) keeps in step with the model;
    /// the diff reads them only to move a partition between the coordinator and a server.
    /// </summary>
    public List<PartitionModel> ForeignPartitions { get; set; } = new();
}

/// <summary>Actual only: a trigger on a trigger-routed parent that routes its rows, and the function it runs.</summary>
internal sealed class RoutingTriggerModel
{
    /// <summary>The trigger's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The function's schema.</summary>
    public string FunctionSchema { get; set; } = "public";

    /// <summary>The function's name (it takes no arguments).</summary>
    public string Function { get; set; } = "";
}

/// <summary>
/// A rolling partition set (<c>[RollingPartitions]</c>): the partitions maintenance creates and retires, named by
/// <see cref="Pgx.RollingInterval"/> from their lower bounds. They are not listed in <see cref="PartitioningModel.Partitions"/>.
/// </summary>
internal sealed class RollingModel
{
    /// <summary>The interval: <c>1 month</c>, <c>7 days</c>, or an integer width.</summary>
    public string Interval { get; set; } = "";

    /// <summary>Whether the key is an integer (the interval is a width) rather than a time.</summary>
    public bool IntegerKey { get; set; }

    /// <summary>Partitions kept ready ahead of the one holding "now".</summary>
    public int Premake { get; set; } = 4;

    /// <summary>The retention period in the interval's notation, or null to keep every partition.</summary>
    public string? Retain { get; set; }

    /// <summary>The first partition's lower bound, as ticks or the integer in invariant text; null: from "now".</summary>
    public string? Start { get; set; }

    /// <summary><c>pgx</c> or <c>pg_partman</c>.</summary>
    public string Maintainer { get; set; } = "pgx";

    /// <summary><c>detach</c> or <c>drop</c>.</summary>
    public string RetentionMode { get; set; } = "detach";

    /// <summary>The pg_cron schedule of <c>CALL pgx.maintain_partitions()</c> (<c>*/15 * * * *</c>), or null for none.</summary>
    public string? Schedule { get; set; }

    /// <summary>
    /// Trigger routing: the routing function's branch for rows no partition takes (into the default partition, or
    /// RAISE), as the generator writes it; maintenance puts a static branch per existing child before it.
    /// </summary>
    public string? RoutingFallback { get; set; }

    /// <summary>
    /// Trigger routing: the static branches of the fixed partitions (<c>IF … THEN … ELSIF …</c>, unindented), or null
    /// when there are none; maintenance adds a branch per rolling child after them.
    /// </summary>
    public string? RoutingBranches { get; set; }
}

/// <summary>One partition (a child table).</summary>
internal sealed class PartitionModel
{
    /// <summary>The child table's name, in the parent's schema.</summary>
    public string Name { get; set; } = "";

    /// <summary>Whether it is the default partition.</summary>
    public bool IsDefault { get; set; }

    /// <summary>LIST: the values it holds, as SQL literals.</summary>
    public List<string> Values { get; set; } = new();

    /// <summary>RANGE: the inclusive lower bound as an SQL literal, or MINVALUE.</summary>
    public string? From { get; set; }

    /// <summary>RANGE: the exclusive upper bound as an SQL literal, or MAXVALUE.</summary>
    public string? To { get; set; }

    /// <summary>HASH: the modulus, or 0.</summary>
    public int Modulus { get; set; }

    /// <summary>HASH: the remainder, or -1.</summary>
    public int Remainder { get; set; } = -1;

    /// <summary>
    /// Declarative: the bound as PostgreSQL writes it, <c>FOR VALUES IN (1, 2)</c>, <c>FOR VALUES FROM (…) TO (…)</c>,
    /// <c>FOR VALUES WITH (modulus 4, remainder 0)</c> or <c>DEFAULT</c>.
    /// </summary>
    public string? Bound { get; set; }

    /// <summary>Trigger routing: the CHECK constraint's name, or null when the child has none.</summary>
    public string? CheckName { get; set; }

    /// <summary>Trigger routing: the rows the child holds, as a boolean expression (desired) or <c>CHECK (…)</c> (actual).</summary>
    public string? Check { get; set; }

    /// <summary>Trigger routing: the child's own primary key (inheritance copies none).</summary>
    public List<string> PrimaryKey { get; set; } = new();

    /// <summary>Trigger routing: the child's primary key constraint name.</summary>
    public string? PrimaryKeyName { get; set; }

    /// <summary>The child's own indexes (trigger routing) or its attached partition indexes (declarative).</summary>
    public List<IndexModel> Indexes { get; set; } = new();

    /// <summary>Desired only: the generator's idempotent DDL that creates this child.</summary>
    public string CreateSql { get; set; } = "";

    /// <summary>Actual only: the foreign server a foreign partition reads, or null for a local one.</summary>
    public string? Server { get; set; }

    /// <summary>
    /// Actual only, trigger routing: every CHECK of the child by name, as <c>pg_get_constraintdef</c> prints it, so a
    /// CHECK written by hand under another name is recognised by what it says.
    /// </summary>
    public Dictionary<string, string> Checks { get; set; } = new();
}
