using System.Collections.Generic;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// What one generated repository does, decided from a <see cref="TableSpec"/>: where inserts and lookups go,
/// which partition a value selects, and the SQL for each. Computed inside the emit step (never cached on its
/// own), so it may hold whatever is convenient.
/// </summary>
internal sealed class RepositoryPlan
{
    private RepositoryPlan(TableSpec table, bool writesRows)
    {
        Table = table;
        WritesRows = writesRows;
        Columns = table.Columns;
        KeyColumns = table.Columns.Where(c => c.IsKey).ToList();
        SequenceColumn = table.SequenceColumn;

        var partitioning = table.Partitioning;
        PartitionColumn = partitioning is null ? null : table.Columns.First(c => c.PropertyName == partitioning.KeyProperty);
        FindColumns = PartitionColumn is null || KeyColumns.Contains(PartitionColumn) ? KeyColumns : KeyColumns.Concat(new[] { PartitionColumn }).ToList();

        // Trigger routing and declarative LIST/RANGE: the partition map is known, so generated code computes the
        // partition. HASH goes through the parent, which PostgreSQL prunes, unless partitions are on other servers:
        // then generated code computes PostgreSQL's hash (HashRoutes) to reach the right server directly.
        var hashRouted = HashRoutes.Computed(table);
        IsRouted = partitioning is not null && (partitioning.Kind != PartitionKind.Hash || hashRouted) && !RollingRoutes.ThroughParent(partitioning);
        Routes = !IsRouted || partitioning is null
            ? new List<PartitionRoute>()
            : partitioning.Partitions.Select(p => new PartitionRoute(p.Name, p))
                .Concat(partitioning.DefaultPartition is { } name ? new[] { new PartitionRoute(name, null) } : Enumerable.Empty<PartitionRoute>())
                .ToList();
        RoutesEveryValue = partitioning?.DefaultPartition is not null || hashRouted;

        var children = Routes.Select(r => table.QualifiedChild(r.Child)).ToList();
        var parent = new List<string> { table.Qualified() };
        WriteTargets = table.IsTriggerRouted ? children : parent;
        // A text key's hash depends on the coordinator's encoding, known only at run time: the statements get one more
        // entry, on the parent, for the rows generated code cannot place (HashRoutes.WritePartitionOfAsync).
        ParentRoute = hashRouted && PartitionColumn!.Kind == ClrKind.String ? children.Count : null;
        FindTargets = !IsRouted ? parent : ParentRoute is null ? children : children.Concat(parent).ToList();
        FindUsesOnly = table.IsTriggerRouted;
    }

    /// <summary>The table.</summary>
    public TableSpec Table { get; }

    /// <summary>
    /// Whether writes are generated: always for a local table; for a foreign table only with <c>ReadOnly = false</c>
    /// (false: a read-only repository, FindAsync and QueryAsync only).
    /// </summary>
    public bool WritesRows { get; }

    /// <summary>The postgres_fdw side of the table, or null for a local table.</summary>
    public ForeignTableSpec? Foreign => Table.Foreign;

    /// <summary>Whether <c>FindAsync</c> is generated: the table has a key (a foreign table need not have one).</summary>
    public bool Finds => KeyColumns.Count > 0;

    /// <summary>
    /// Whether <c>QueryAsync(FormattableString)</c> is generated: for foreign tables, whose rows a reporting side
    /// reads by conditions of its own rather than by key alone.
    /// </summary>
    public bool QueriesByCondition => Foreign is not null;

    /// <summary>
    /// Whether <c>UpdateAsync</c> is generated: a writable foreign table with a key and at least one other column.
    /// (A local table's rows are written by the app that owns them, through inserts; its updates are not generated.)
    /// </summary>
    public bool UpdatesRows => Foreign is not null && WritesRows && KeyColumns.Count > 0 && KeyColumns.Count < Columns.Count;

    /// <summary>
    /// Whether postgres_fdw writes what <c>InsertManyAsync</c> sends (a foreign table, or a table with partitions on other
    /// servers), so that it sends one <c>INSERT … SELECT * FROM unnest(…)</c> and never a COPY: PostgreSQL 15 runs a COPY
    /// into a foreign table one remote statement per row, an INSERT in batches of the server's <c>batch_size</c>.
    /// </summary>
    public bool InsertsManyThroughFdw => Foreign is not null || Table.Partitioning is { HasForeignPartitions: true };

    /// <summary>Every mapped column, in table order.</summary>
    public IReadOnlyList<ColumnSpec> Columns { get; }

    /// <summary>The key columns.</summary>
    public IReadOnlyList<ColumnSpec> KeyColumns { get; }

    /// <summary>The column filled from the sequence, if any.</summary>
    public ColumnSpec? SequenceColumn { get; }

    /// <summary>The partition-key column, if partitioned.</summary>
    public ColumnSpec? PartitionColumn { get; }

    /// <summary>FindAsync's arguments: the key columns, then the partition key unless it is one of them.</summary>
    public IReadOnlyList<ColumnSpec> FindColumns { get; }

    /// <summary>The partitions generated code can compute, the default partition last; empty when it computes none.</summary>
    public IReadOnlyList<PartitionRoute> Routes { get; }

    /// <summary>
    /// Whether every value has a partition, so that no partition check can fail: a default partition takes what no
    /// other holds, or the partitions are HASH partitions computed in generated code.
    /// </summary>
    public bool RoutesEveryValue { get; }

    /// <summary>
    /// Whether generated code computes the partition of a row (trigger routing, declarative LIST and RANGE, and HASH
    /// with partitions on other servers). A table without partitions is routed too: no value has a partition.
    /// </summary>
    public bool IsRouted { get; }

    /// <summary>
    /// Whether inserts compute the partition first: to pick the child (trigger routing), or to fail before the
    /// database is touched when no partition holds the value (declarative without a default partition).
    /// </summary>
    public bool ChecksPartitionOnInsert => IsRouted && (Table.IsTriggerRouted || !RoutesEveryValue);

    /// <summary>Where inserts and COPY go: each child (trigger routing, in <see cref="Routes"/> order) or the table.</summary>
    public IReadOnlyList<string> WriteTargets { get; }

    /// <summary>Where FindAsync reads: the one partition that can hold the row (in <see cref="Routes"/> order) or the table.</summary>
    public IReadOnlyList<string> FindTargets { get; }

    /// <summary>
    /// The index, after <see cref="Routes"/>, of the statements on the parent table, for a HASH table with a text key:
    /// its rows go there, and PostgreSQL picks the partition, when the coordinator's encoding is not UTF8.
    /// Null for every other table.
    /// </summary>
    public int? ParentRoute { get; }

    /// <summary>Whether lookups read <c>FROM ONLY</c> a child (inheritance children could have children of their own).</summary>
    public bool FindUsesOnly { get; }

    /// <summary>The generated class name.</summary>
    public string ClassName => Table.TypeName + "Repository";

    /// <summary>Whether the repository can be generated at all, and if so in which mode.</summary>
    public static RepositoryPlan? For(TableSpec table) =>
        // The same decision PGX0024 reports: a record that cannot have a repository gets none, never broken code.
        // A foreign table has no local sequence (the remote table owns its keys) and may have no key at all: its
        // repository reads by condition, and writes only when the record says ReadOnly = false.
        table.GetsRepository ? new RepositoryPlan(table, writesRows: table.Foreign is not { IsReadOnly: true }) : null;

    /// <summary>
    /// <c>INSERT INTO target (c…) VALUES (nextval('seq'::regclass), $1 …) RETURNING seq_column</c>: the key comes
    /// from the sequence inside the statement; without a sequence every value is a parameter.
    /// </summary>
    public string InsertSql(string target)
    {
        var values = new List<string>();
        var parameter = 1;
        foreach (var column in Columns)
        {
            values.Add(column == SequenceColumn ? NextValue() : "$" + parameter++);
        }

        var sql = "INSERT INTO " + target + " (" + SqlText.IdentifierList(Columns.Select(c => c.ColumnName)) + ") VALUES (" + string.Join(", ", values) + ")";
        return SequenceColumn is null ? sql : sql + " RETURNING " + SqlText.Identifier(SequenceColumn.ColumnName);
    }

    /// <summary>The columns <see cref="InsertSql"/> takes as parameters, in parameter order.</summary>
    public IEnumerable<ColumnSpec> InsertParameters => Columns.Where(c => c != SequenceColumn);

    /// <summary>
    /// <c>INSERT INTO target (c…) SELECT * FROM unnest($1, $2 …)</c>: many rows in one statement, one array
    /// parameter per column (keys included, already taken from the sequence).
    /// </summary>
    public string InsertManySql(string target) =>
        "INSERT INTO " + target + " (" + SqlText.IdentifierList(Columns.Select(c => c.ColumnName)) + ") SELECT * FROM unnest("
        + string.Join(", ", Columns.Select((_, i) => "$" + Number(i + 1))) + ")";

    /// <summary><c>COPY target (c…) FROM STDIN (FORMAT BINARY)</c>.</summary>
    public string CopySql(string target) =>
        "COPY " + target + " (" + SqlText.IdentifierList(Columns.Select(c => c.ColumnName)) + ") FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Sequence values for a whole batch in one round trip, as one <c>bigint[]</c> (one DataRow to send and read,
    /// not one per key). generate_series sits in a subquery's select list (a ProjectSet, one row at a time) rather
    /// than in FROM, where PostgreSQL would first materialize all n rows in a tuplestore: half the server time for
    /// 100k keys.
    /// </summary>
    public string NextValuesSql() => "SELECT array_agg(" + NextValue() + ") FROM (SELECT generate_series(1, $1)) AS n";

    /// <summary><c>SELECT c… FROM [ONLY] target WHERE key = $1 … [AND partition_key = $n]</c>.</summary>
    public string FindSql(string target)
    {
        var conditions = FindColumns.Select((c, i) => SqlText.Identifier(c.ColumnName) + " = $" + Number(i + 1));
        return "SELECT " + SqlText.IdentifierList(Columns.Select(c => c.ColumnName)) + " FROM " + (FindUsesOnly ? "ONLY " : "") + target + " WHERE " + string.Join(" AND ", conditions);
    }

    /// <summary><c>SELECT c… FROM table</c>: QueryAsync appends <c> WHERE </c> and the caller's condition.</summary>
    public string SelectSql() => "SELECT " + SqlText.IdentifierList(Columns.Select(c => c.ColumnName)) + " FROM " + Table.Qualified();

    /// <summary>The columns <see cref="UpdateSql"/> takes as parameters, in parameter order: the values to set, then the key.</summary>
    public IEnumerable<ColumnSpec> UpdateParameters => Columns.Where(c => !c.IsKey).Concat(KeyColumns);

    /// <summary>
    /// <c>UPDATE table SET c = $1 … WHERE key = $n … RETURNING c…</c>: every column but the key, found by the key, the
    /// row read back as stored (through postgres_fdw, the remote side's values: its defaults, triggers and rounding).
    /// </summary>
    public string UpdateSql()
    {
        var parameter = 1;
        var set = Columns.Where(c => !c.IsKey).Select(c => SqlText.Identifier(c.ColumnName) + " = $" + Number(parameter++)).ToList();
        var where = KeyColumns.Select(c => SqlText.Identifier(c.ColumnName) + " = $" + Number(parameter++)).ToList();
        return "UPDATE " + Table.Qualified() + " SET " + string.Join(", ", set) + " WHERE " + string.Join(" AND ", where)
            + " RETURNING " + SqlText.IdentifierList(Columns.Select(c => c.ColumnName));
    }

    /// <summary><paramref name="value"/> in invariant digits, for <c>$n</c> placeholders and generated names.</summary>
    internal static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal string NextValue() => "nextval(" + SqlText.Literal(Table.Sequence!.QualifiedSequence()) + "::regclass)";
}

/// <summary>A partition generated code can route to: a listed partition, or the default (<see cref="Partition"/> null).</summary>
/// <param name="Child">The partition's table name.</param>
/// <param name="Partition">Its bounds, or null for the default partition.</param>
internal sealed record PartitionRoute(string Child, PartitionSpec? Partition);
