using System.Collections.Generic;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// The statements of <c>UpdateAsync</c>, <c>MoveAsync</c>, <c>DeleteAsync</c> and <c>UpsertAsync</c> of a local
/// table, each aimed at one target of <see cref="RepositoryPlan.FindTargets"/>: the partition that holds the row
/// (trigger routing, declarative LIST and RANGE) or the table (HASH, where the partition-key condition lets
/// PostgreSQL prune). Every statement finds its row by <see cref="RepositoryPlan.FindColumns"/>, <c>$1</c> onwards.
/// </summary>
internal static class RepositoryChangeSql
{
    /// <summary>
    /// The columns <c>UpdateAsync</c> sets: all but the key and the partition key, or, when there are none, the
    /// first of those (set to the value it is found by, so the statement still returns the row).
    /// </summary>
    public static IReadOnlyList<ColumnSpec> UpdatedColumns(RepositoryPlan plan)
    {
        var set = plan.Columns.Where(c => !plan.FindColumns.Contains(c)).ToList();
        return set.Count > 0 ? set : new List<ColumnSpec> { plan.FindColumns[0] };
    }

    /// <summary>The columns <c>MoveAsync</c> sets: all but the key, the partition key included.</summary>
    public static IReadOnlyList<ColumnSpec> MovedColumns(RepositoryPlan plan) =>
        plan.Columns.Where(c => !c.IsKey || c == plan.PartitionColumn).ToList();

    /// <summary>
    /// <c>UPDATE [ONLY] target SET c = $n … WHERE key = $1 … AND partition_key = $m RETURNING c…</c>: the set values
    /// follow the find values.
    /// </summary>
    public static string UpdateSql(RepositoryPlan plan, string target) => Update(plan, target, UpdatedColumns(plan));

    /// <summary>
    /// <c>UPDATE [ONLY] target SET partition_key = $n, c = $n+1 … WHERE key = $1 … AND partition_key = $m RETURNING c…</c>,
    /// the find values holding the previous partition key: through a declarative parent PostgreSQL moves the row to
    /// its new partition; in a trigger-routed child, it stays in the child (a new value that child also accepts).
    /// </summary>
    public static string MoveSql(RepositoryPlan plan, string target) => Update(plan, target, MovedColumns(plan));

    /// <summary>
    /// <c>WITH moved AS (DELETE FROM ONLY child WHERE key = $1 … AND partition_key = $m RETURNING key…) </c>: the first
    /// half of a trigger-routed move between children, completed by <see cref="MoveInSql"/>. One statement, so the
    /// delete and the insert commit together (in the caller's transaction when there is one).
    /// </summary>
    public static string MoveOutSql(RepositoryPlan plan, string child) =>
        "WITH moved AS (DELETE FROM ONLY " + child + " WHERE " + FindCondition(plan) + " RETURNING " + SqlText.IdentifierList(plan.KeyColumns.Select(c => c.ColumnName)) + ") ";

    /// <summary>
    /// <c>INSERT INTO child (c…) SELECT moved.key, $n … FROM moved RETURNING c…</c>: inserts the deleted row's key
    /// with the moved values, only when <see cref="MoveOutSql"/> deleted a row.
    /// </summary>
    public static string MoveInSql(RepositoryPlan plan, string child)
    {
        var moved = MovedColumns(plan);
        var parameter = plan.FindColumns.Count + 1;
        var values = plan.Columns.Select(c => moved.Contains(c) ? "$" + RepositoryPlan.Number(parameter + moved.ToList().IndexOf(c)) : "moved." + SqlText.Identifier(c.ColumnName));
        return "INSERT INTO " + child + " (" + ColumnList(plan) + ") SELECT " + string.Join(", ", values) + " FROM moved RETURNING " + ColumnList(plan);
    }

    /// <summary><c>DELETE FROM [ONLY] target WHERE key = $1 … AND partition_key = $m</c>.</summary>
    public static string DeleteSql(RepositoryPlan plan, string target) =>
        "DELETE FROM " + Only(plan) + target + " WHERE " + FindCondition(plan);

    /// <summary>
    /// <c>INSERT INTO target (c…) VALUES ($1 …) ON CONFLICT (key…) DO UPDATE SET c = EXCLUDED.c … RETURNING c…</c>,
    /// every column a parameter in table order; a sequence key reads <c>COALESCE(NULLIF($k, 0), nextval(…))</c>,
    /// so a row still at the key's default is inserted under a new key.
    /// </summary>
    public static string UpsertSql(RepositoryPlan plan, string target)
    {
        var values = plan.Columns.Select((c, i) => KeyOrNext(plan, c, "$" + RepositoryPlan.Number(i + 1)));
        return "INSERT INTO " + target + " (" + ColumnList(plan) + ") VALUES (" + string.Join(", ", values) + ")" + OnConflict(plan) + " RETURNING " + ColumnList(plan);
    }

    /// <summary>The temporary table <c>UpsertManyAsync</c> copies a batch into, dropped at the end of the call.</summary>
    public const string StageTable = "pg_temp.pgx_upsert_stage";

    /// <summary>
    /// <c>CREATE TEMPORARY TABLE pgx_upsert_stage ON COMMIT DROP AS SELECT c…, 0 AS pgx_partition FROM table WITH NO
    /// DATA</c>: the table's column types, plus the partition each row goes to, computed in C#.
    /// </summary>
    public static string StageSql(RepositoryPlan plan) =>
        "CREATE TEMPORARY TABLE pgx_upsert_stage ON COMMIT DROP AS SELECT " + ColumnList(plan) + ", 0 AS pgx_partition FROM " + Only(plan) + plan.Table.Qualified() + " WITH NO DATA";

    /// <summary><c>COPY pg_temp.pgx_upsert_stage (c…, pgx_partition) FROM STDIN (FORMAT BINARY)</c>.</summary>
    public static string StageCopySql(RepositoryPlan plan) =>
        "COPY " + StageTable + " (" + ColumnList(plan) + ", pgx_partition) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// <c>INSERT INTO target (c…) SELECT c… FROM pg_temp.pgx_upsert_stage WHERE pgx_partition = $1 ON CONFLICT …</c>:
    /// the staged rows of one target, upserted as <see cref="UpsertSql"/> upserts one. The partition number is a
    /// parameter, not part of the text, so that a trigger-routed rolling set renders its children's statements from one
    /// template, as its other statements are.
    /// </summary>
    public static string UpsertManySql(RepositoryPlan plan, string target) =>
        "INSERT INTO " + target + " (" + ColumnList(plan) + ") SELECT " + string.Join(", ", plan.Columns.Select(c => KeyOrNext(plan, c, SqlText.Identifier(c.ColumnName))))
        + " FROM " + StageTable + " WHERE pgx_partition = $1" + OnConflict(plan);

    /// <summary>
    /// <c>DELETE FROM [ONLY] target WHERE (key…, partition_key) IN (SELECT * FROM unnest($1, $2 …))</c>: the rows of a
    /// batch that one target holds, one array parameter per find column.
    /// </summary>
    public static string DeleteManySql(RepositoryPlan plan, string target) =>
        "DELETE FROM " + Only(plan) + target + " WHERE (" + SqlText.IdentifierList(plan.FindColumns.Select(c => c.ColumnName)) + ") IN (SELECT * FROM unnest("
        + string.Join(", ", plan.FindColumns.Select((_, i) => "$" + RepositoryPlan.Number(i + 1))) + "))";

    // A sequence key of 0 means "not stored yet": it takes the next value.
    private static string KeyOrNext(RepositoryPlan plan, ColumnSpec column, string value) =>
        column == plan.SequenceColumn ? "COALESCE(NULLIF(" + value + ", 0), " + plan.NextValue() + ")" : value;

    /// <summary>
    /// <c> ON CONFLICT (key…) DO UPDATE SET c = EXCLUDED.c …</c>. The conflict target is the primary key of the target:
    /// the key columns in a trigger-routed child or a plain table, key and partition key in a declarative partition.
    /// </summary>
    private static string OnConflict(RepositoryPlan plan)
    {
        var conflict = plan.Table.IsTriggerRouted ? plan.KeyColumns : plan.FindColumns;
        var set = plan.Columns.Where(c => !conflict.Contains(c)).ToList();
        if (set.Count == 0)
        {
            set.Add(conflict[0]);
        }

        return " ON CONFLICT (" + SqlText.IdentifierList(conflict.Select(c => c.ColumnName)) + ") DO UPDATE SET "
            + string.Join(", ", set.Select(c => SqlText.Identifier(c.ColumnName) + " = EXCLUDED." + SqlText.Identifier(c.ColumnName)));
    }

    private static string Update(RepositoryPlan plan, string target, IReadOnlyList<ColumnSpec> set)
    {
        var parameter = plan.FindColumns.Count + 1;
        var assignments = set.Select(c => SqlText.Identifier(c.ColumnName) + " = $" + RepositoryPlan.Number(parameter++));
        return "UPDATE " + Only(plan) + target + " SET " + string.Join(", ", assignments) + " WHERE " + FindCondition(plan) + " RETURNING " + ColumnList(plan);
    }

    private static string FindCondition(RepositoryPlan plan) =>
        string.Join(" AND ", plan.FindColumns.Select((c, i) => SqlText.Identifier(c.ColumnName) + " = $" + RepositoryPlan.Number(i + 1)));

    private static string ColumnList(RepositoryPlan plan) => SqlText.IdentifierList(plan.Columns.Select(c => c.ColumnName));

    // Inheritance children could have children of their own; a statement on a child means that child only.
    private static string Only(RepositoryPlan plan) => plan.FindUsesOnly ? "ONLY " : "";
}
