using System.Collections.Generic;
using System.Linq;

namespace Pgx.Schema;

/// <summary>
/// Moving a partition between the coordinator and another server. A local partition that the model now puts on a server
/// (<c>Server = "…"</c>) has its rows copied to that server's table before the coordinator swaps it for a foreign
/// partition; a foreign partition that the model makes local again has its rows copied back. The table left behind is
/// kept (the coordinator's as <c>…_pgx_moved</c>, dropped only with <see cref="PgxApplyOptions.AllowDataLoss"/>; the
/// server's untouched), as for any partition the model no longer has.
/// </summary>
internal sealed partial class SchemaDiff
{
    /// <summary>The trigger that refuses writes to a partition while its rows are copied to another server.</summary>
    public const string MovingTrigger = "pgx_moving";

    /// <summary>
    /// <c>Pgx.PgxSchemaApplier.AdvisoryLockKey</c>, which every apply holds throughout ("PgxApply" in ASCII); duplicated
    /// because the build task compiles this file without the runtime. The move's tests fail if the two differ.
    /// </summary>
    private const long ApplyLockKey = 0x5067_7841_7070_6C79;

    /// <summary>The server whose table the model puts in place of local partition <paramref name="extra"/> of <paramref name="table"/>, or null.</summary>
    private string? ServerTaking(TableModel table, PartitionModel extra) =>
        extra.IsDefault ? null : _desired.Shards.FirstOrDefault(s => s.Tables.Any(t => t.Schema == table.Schema && t.Name == extra.Name))?.Server;

    /// <summary>
    /// Two steps, each its own transaction. First, a trigger makes the local partition refuse writes with a retryable
    /// error (<c>object_in_use</c>) naming the table, the partition, the server and the row's partition key, so no row
    /// changes while it is copied; readers go on. Then one transaction copies the rows to the server's (empty) table
    /// through a foreign table, in postgres_fdw batches, checks the count, detaches the local partition, and attaches
    /// the foreign table in its place with the same bound: the parent's exclusive lock is taken only for the swap, under
    /// the lock timeout. Runs after the foreign refresh (the server and its user mapping must exist).
    /// </summary>
    private void MoveToServer(TableModel table, PartitionModel extra, string server)
    {
        var partition = Q(table.Schema) + "." + Q(extra.Name);
        var where = Qualified(table.Schema, extra.Name);
        Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PartitionOnOtherServer, where + " on the server " + server, where + " local") { IsLocal = true });

        var function = Q(table.Schema) + "." + Q("pgx_refuse_writes_while_moving");
        Steps.Add(new PgxPlanStep(Name(table),
            "Stop writes to partition " + where + " before its rows move to the server " + server + ": until the move commits, a write to it fails with SQLSTATE 55006 (object_in_use, retryable); reads go on",
            new[]
            {
                "CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $pgx$\n"
                + "BEGIN\n"
                + "    -- Only while an apply holds its advisory lock: a move that failed and left the trigger behind blocks nothing.\n"
                + "    IF pg_catalog.pg_try_advisory_xact_lock_shared(" + ApplyLockKey.ToString(System.Globalization.CultureInfo.InvariantCulture) + ") THEN\n"
                + "        RETURN COALESCE(NEW, OLD);\n"
                + "    END IF;\n"
                + "    RAISE EXCEPTION 'partition %.% of % is moving to the server %: the write of the row with % = % is refused until the move commits; retry it then',\n"
                + "        TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[1], TG_ARGV[0], TG_ARGV[2], pg_catalog.to_jsonb(COALESCE(NEW, OLD)) ->> TG_ARGV[2]\n"
                + "        USING ERRCODE = 'object_in_use';\n"
                + "END\n"
                + "$pgx$",
                "CREATE OR REPLACE TRIGGER " + Q(MovingTrigger) + " BEFORE INSERT OR UPDATE OR DELETE ON " + partition + " FOR EACH ROW EXECUTE FUNCTION " + function
                + "(" + Literal(server) + ", " + Literal(Name(table)) + ", " + Literal(table.Partitioning!.KeyColumn) + ")",
            },
            PgxHazard.MovesRows, true)
        {
            EndsTransaction = true,
            AfterForeignObjects = true,
            UndoOnFailure = "DROP TRIGGER IF EXISTS " + Q(MovingTrigger) + " ON " + partition,
        });

        var staging = Q(table.Schema) + "." + Q(Truncate(extra.Name, 52) + "_pgx_moving");
        var moved = Truncate(extra.Name, 53) + "_pgx_moved";
        var columns = ColumnList(table);
        var statements = new List<string>
        {
            "CREATE FOREIGN TABLE " + staging + " (" + string.Join(", ", table.Columns.Select(c => Q(c.Name) + " " + c.Type + (c.NotNull ? " NOT NULL" : ""))) + ") SERVER " + Q(server)
                + " OPTIONS (schema_name " + Literal(table.Schema) + ", table_name " + Literal(extra.Name) + ", batch_size '1000')",
            RefuseUnless("NOT EXISTS (SELECT FROM " + staging + ")", "object_not_in_prerequisite_state",
                "partition " + where + " cannot move to the server " + server + ": its table " + where + " there holds rows already (Pgx copies into an empty table only; empty it or move them by hand)"),
            "INSERT INTO " + staging + " (" + columns + ") SELECT " + columns + " FROM " + partition,
            RefuseUnless("(SELECT count(*) FROM " + staging + ") = (SELECT count(*) FROM " + partition + ")", "data_exception",
                "partition " + where + ": the server " + server + " does not hold the rows just copied to it; nothing moved"),
            "ALTER TABLE " + QT(table) + " DETACH PARTITION " + partition,
            "ALTER TABLE " + partition + " RENAME TO " + Q(moved),
            "DROP TRIGGER " + Q(MovingTrigger) + " ON " + Q(table.Schema) + "." + Q(moved),
        };

        // The kept table's key and indexes step aside, so that the partition can be local again under its own names.
        var aside = extra.Indexes.Select(i => i.Name).Concat(extra.PrimaryKeyName is { } key ? new[] { key } : System.Array.Empty<string>());
        statements.AddRange(aside.Select(i => "ALTER INDEX " + Q(table.Schema) + "." + Q(i) + " RENAME TO " + Q(Truncate(i, 53) + "_pgx_moved")));
        statements.Add("ALTER FOREIGN TABLE " + staging + " RENAME TO " + Q(extra.Name));
        statements.Add("ALTER FOREIGN TABLE " + partition + " OPTIONS (DROP batch_size)");
        statements.Add("ALTER TABLE " + QT(table) + " ATTACH PARTITION " + partition + " " + extra.Bound);
        Steps.Add(new PgxPlanStep(Name(table),
            "Move partition " + where + " to the server " + server + ": copy its rows to " + where + " there through a foreign table (in batches), then, in the same transaction, detach the local partition"
            + " (kept as " + Qualified(table.Schema, moved) + ") and attach the foreign table in its place " + extra.Bound,
            statements, PgxHazard.MovesRows, true)
        { EndsTransaction = true, AfterForeignObjects = true });

        if (_allowDataLoss)
        {
            Steps.Add(new PgxPlanStep(Name(table), "Drop " + Qualified(table.Schema, moved) + ", the local table that held partition " + where + " before its rows moved to the server " + server,
                new[] { "DROP TABLE " + Q(table.Schema) + "." + Q(moved) }, PgxHazard.DataLoss, true) { AfterForeignObjects = true });
        }
    }

    /// <summary>
    /// A foreign partition that the model makes local again: one transaction under the parent's exclusive lock (readers
    /// and writers wait while the rows are copied) detaches the foreign table, creates the local partition as the model
    /// has it, copies the rows back from the server, and drops the foreign table; the server's table and rows are kept.
    /// </summary>
    private void MoveBack(TableModel table, PartitionModel partition, PartitionModel foreign)
    {
        var where = Qualified(table.Schema, partition.Name);
        Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.PartitionOnOtherServer, where + " local", where + " on the server " + foreign.Server) { IsLocal = true });
        var leaving = Q(table.Schema) + "." + Q(Truncate(partition.Name, 52) + "_pgx_leaving");
        var columns = ColumnList(table);
        Add(table,
            "Move partition " + where + " back from the server " + foreign.Server + ": in one transaction that holds an ACCESS EXCLUSIVE lock on " + Name(table)
            + " (readers and writers wait while the rows are copied), detach its foreign table, create the local partition and copy the rows back; the table on " + foreign.Server + " keeps its rows",
            PgxHazard.MovesRows | PgxHazard.LongLock, true,
            "ALTER TABLE " + QT(table) + " DETACH PARTITION " + Q(table.Schema) + "." + Q(partition.Name),
            "ALTER FOREIGN TABLE " + Q(table.Schema) + "." + Q(partition.Name) + " RENAME TO " + Q(Truncate(partition.Name, 52) + "_pgx_leaving"),
            partition.CreateSql,
            "INSERT INTO " + Q(table.Schema) + "." + Q(partition.Name) + " (" + columns + ") SELECT " + columns + " FROM " + leaving,
            "DROP FOREIGN TABLE " + leaving);
    }

    /// <summary>A DO block that raises <paramref name="message"/> with <paramref name="errorCode"/> unless <paramref name="condition"/> holds.</summary>
    private static string RefuseUnless(string condition, string errorCode, string message) =>
        "DO $pgx$ BEGIN IF NOT (" + condition + ") THEN RAISE EXCEPTION '%', " + Literal(message) + " USING ERRCODE = '" + errorCode + "'; END IF; END $pgx$";
}
