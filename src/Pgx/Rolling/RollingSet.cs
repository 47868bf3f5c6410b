using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generators.Sql;

namespace Pgx.Schema;

/// <summary>
/// One rolling partition set's SQL: its children in the catalog, a child's DDL from the rule (identifiers quoted,
/// bounds as literals computed from numbers), moving rows out of the default partition, retiring, and the
/// routing function of a trigger-routed table.
/// </summary>
internal sealed class RollingSet
{
    private readonly TableModel _table;
    private readonly PartitioningModel _partitioning;
    private readonly RollingInterval _rule;
    private readonly string _keyType;

    /// <summary>Rows moved out of a default partition per statement.</summary>
    private const int RowsPerMove = 10000;

    public RollingSet(TableModel table, RollingInterval rule)
    {
        _table = table;
        _partitioning = table.Partitioning!;
        _rule = rule;
        _keyType = table.Columns.First(c => c.Name == _partitioning.KeyColumn).Type;
    }

    private string Parent => Q(_table.Schema) + "." + Q(_table.Name);

    private string Key => Q(_partitioning.KeyColumn);

    private string? DefaultPartition => _partitioning.Partitions.FirstOrDefault(p => p.IsDefault)?.Name;

    /// <summary><c>schema.name</c> of a child, as the report names it.</summary>
    public string Qualified(string child) => _table.Schema + "." + child;

    /// <summary>The children attached to the parent (partitions, or inheriting children).</summary>
    public async Task<List<string>> ChildrenAsync(NpgsqlConnection connection, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY c.relname",
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = Parent });
        return await ReadNamesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every table in the schema whose name starts like a rolling child's, attached or not.</summary>
    public async Task<HashSet<string>> TablesNamedLikeChildrenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'f') AND pg_catalog.starts_with(c.relname, $2)",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = _table.Schema });
        command.Parameters.Add(new NpgsqlParameter { Value = _table.Name + "_p" });
        return new HashSet<string>(await ReadNamesAsync(command, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
    }

    /// <summary>Integer keys: the largest key stored, which is "now" for an integer rolling set.</summary>
    public async Task<long?> LargestKeyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_catalog.max(" + Key + ")::bigint FROM " + Parent, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long value ? value : null;
    }

    /// <summary>
    /// "Now" as the rule counts time: UTC ticks. A <c>timestamp</c> or <c>date</c> key holds no offset, so Pgx reads
    /// its values as UTC too.
    /// </summary>
    public long TimeOf(DateTimeOffset now) => _keyType == "date" ? now.UtcDateTime.Date.Ticks : now.UtcTicks;

    /// <summary>
    /// Creates the child for <paramref name="partition"/> and moves into it the rows the default partition holds for
    /// its range, under locks that make writers wait (never fail) meanwhile. Returns the rows moved.
    /// </summary>
    public async Task<long> CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long partition, List<string> children, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var child = _rule.ChildName(_table.Name, partition);
        var from = Literal(_rule.LowerBound(partition));
        var to = Literal(_rule.LowerBound(partition + 1));
        var range = Key + " >= " + from + " AND " + Key + " < " + to;
        var defaultPartition = DefaultPartition is { } d && children.Contains(d) ? Q(_table.Schema) + "." + Q(d) : null;

        if (!_partitioning.IsTriggerRouted)
        {
            // Inserts into the parent wait here rather than find the default partition detached.
            await ExecuteAsync(connection, transaction, "LOCK TABLE ONLY " + Parent + " IN ACCESS EXCLUSIVE MODE", options, cancellationToken).ConfigureAwait(false);
            var create = "CREATE TABLE " + Q(_table.Schema) + "." + Q(child) + " PARTITION OF " + Parent + " FOR VALUES FROM (" + from + ") TO (" + to + ")";
            if (defaultPartition is null || await CountAsync(connection, transaction, defaultPartition, range, cancellationToken).ConfigureAwait(false) == 0)
            {
                await ExecuteAsync(connection, transaction, create, options, cancellationToken).ConfigureAwait(false);
                return 0;
            }

            // PostgreSQL refuses a partition whose rows the default partition holds: take the default out, create the
            // partition, move the rows across, put the default back. One transaction: nothing is lost or seen twice.
            await ExecuteAsync(connection, transaction, "ALTER TABLE " + Parent + " DETACH PARTITION " + defaultPartition, options, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, create, options, cancellationToken).ConfigureAwait(false);
            var moved = await MoveAsync(connection, transaction, defaultPartition, Q(_table.Schema) + "." + Q(child), range, options, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "ALTER TABLE " + Parent + " ATTACH PARTITION " + defaultPartition + " DEFAULT", options, cancellationToken).ConfigureAwait(false);
            return moved;
        }

        var lines = new List<string> { "CONSTRAINT " + Q(Names.Derived(child, "_partition_check")) + " CHECK (" + range + ")" };
        if (_table.PrimaryKey.Count > 0)
        {
            lines.Add("CONSTRAINT " + Q(Names.Derived(child, "_pkey")) + " PRIMARY KEY (" + string.Join(", ", _table.PrimaryKey.Select(Q)) + ")");
        }

        var qualifiedChild = Q(_table.Schema) + "." + Q(child);
        await ExecuteAsync(connection, transaction, "CREATE TABLE " + qualifiedChild + " (" + string.Join(", ", lines) + ") INHERITS (" + Parent + ")", options, cancellationToken).ConfigureAwait(false);
        foreach (var index in _table.Indexes)
        {
            var name = Names.Index(child, index.Columns, index.Unique);
            await ExecuteAsync(connection, transaction, "CREATE " + (index.Unique ? "UNIQUE " : "") + "INDEX " + Q(name) + " ON " + qualifiedChild + " (" + string.Join(", ", index.Columns.Select(Q)) + ")", options, cancellationToken).ConfigureAwait(false);
        }

        if (defaultPartition is null)
        {
            return 0;
        }

        // Writers into the default child wait until the routing function sends their range to the new child.
        await ExecuteAsync(connection, transaction, "LOCK TABLE ONLY " + defaultPartition + " IN SHARE ROW EXCLUSIVE MODE", options, cancellationToken).ConfigureAwait(false);
        return await MoveAsync(connection, transaction, defaultPartition, qualifiedChild, range, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives the child for <paramref name="partition"/> what the apply gives a fixed partition — the parent's
    /// privileges, row-level security and (trigger routing) row triggers — through <c>pgx.mirror_partition</c>, the
    /// routine <c>CALL pgx.maintain_partitions()</c> runs too. Called after the rows waiting for the child moved in, so
    /// that copied triggers do not fire again for rows they fired for in the default partition.
    /// </summary>
    public async Task MirrorAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long partition, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pgx.mirror_partition($1::regclass, $2::regclass, $3::name)", connection, transaction) { CommandTimeout = options.CommandTimeoutSeconds };
        command.Parameters.Add(new NpgsqlParameter { Value = Parent });
        command.Parameters.Add(new NpgsqlParameter { Value = Q(_table.Schema) + "." + Q(_rule.ChildName(_table.Name, partition)) });

        // The routing function and its trigger share a name; a declarative partition has the parent's row triggers from PostgreSQL.
        command.Parameters.Add(new NpgsqlParameter { Value = (_partitioning.IsTriggerRouted ? _partitioning.RoutingFunction : null) ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Detaches (or drops) a retired child.</summary>
    public Task RetireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string child, bool drop, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var qualified = Q(_table.Schema) + "." + Q(child);
        var sql = drop
            ? "DROP TABLE " + qualified
            : _partitioning.IsTriggerRouted
                ? "ALTER TABLE " + qualified + " NO INHERIT " + Parent
                : "ALTER TABLE " + Parent + " DETACH PARTITION " + qualified;
        return ExecuteAsync(connection, transaction, sql, options, cancellationToken);
    }

    /// <summary>
    /// Trigger routing: replaces the routing function with one that has a static branch for every fixed and rolling
    /// child (newest rolling child first) and none for retired ones; only when the function differs.
    /// </summary>
    public async Task RewriteRoutingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SortedDictionary<long, string> rolling, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        if (!_partitioning.IsTriggerRouted || _partitioning.RoutingFunction is not { } function)
        {
            return;
        }

        var body = RoutingBody(rolling);
        await using var read = new NpgsqlCommand(
            "SELECT p.prosrc FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = $2",
            connection,
            transaction);
        read.Parameters.Add(new NpgsqlParameter { Value = _table.Schema });
        read.Parameters.Add(new NpgsqlParameter { Value = function });
        if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string == "\n" + body + "\n")
        {
            return;
        }

        var tag = "$pgx$";
        for (var i = 1; body.Contains(tag, StringComparison.Ordinal); i++)
        {
            tag = "$pgx" + i.ToString(CultureInfo.InvariantCulture) + "$";
        }

        var sql = "CREATE OR REPLACE FUNCTION " + Q(_table.Schema) + "." + Q(function) + "()\n    RETURNS trigger\n    LANGUAGE plpgsql\nAS " + tag + "\n" + body + "\n" + tag;
        await ExecuteAsync(connection, transaction, sql, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The routing function's body, in the generator's layout: fixed branches, rolling branches, the fallback.</summary>
    public string RoutingBody(SortedDictionary<long, string> rolling)
    {
        var rollingModel = _partitioning.Rolling!;
        var lines = new List<string> { "BEGIN" };
        var branches = (rollingModel.RoutingBranches ?? "").Split('\n').Where(l => l.Length > 0).ToList();
        var column = "NEW." + Key;
        foreach (var pair in rolling.Reverse())
        {
            branches.Add((branches.Count == 0 ? "IF " : "ELSIF ") + column + " >= " + Literal(_rule.LowerBound(pair.Key)) + " AND " + column + " < " + Literal(_rule.LowerBound(pair.Key + 1)) + " THEN");
            branches.Add("    INSERT INTO " + Q(_table.Schema) + "." + Q(pair.Value) + " VALUES (NEW.*);");
        }

        var fallback = (rollingModel.RoutingFallback ?? "").Split('\n');
        if (branches.Count == 0)
        {
            lines.AddRange(fallback.Select(l => "    " + l));
        }
        else
        {
            lines.AddRange(branches.Select(l => "    " + l));
            lines.Add("    ELSE");
            lines.AddRange(fallback.Select(l => "        " + l));
            lines.Add("    END IF;");
        }

        lines.Add("    RETURN NULL;");
        lines.Add("END");
        return string.Join("\n", lines);
    }

    /// <summary>A bound as a literal of the key's type: a number, a date, or a timestamp (UTC for timestamptz).</summary>
    private string Literal(long bound)
    {
        if (_partitioning.Rolling!.IntegerKey)
        {
            return bound.ToString(CultureInfo.InvariantCulture);
        }

        var time = new DateTime(bound, DateTimeKind.Utc);
        var text = _keyType switch
        {
            "date" => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "timestamp with time zone" => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00",
            _ => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        };
        return "'" + text + "'";
    }

    private async Task<long> MoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string from, string to, string range, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", _table.Columns.Select(c => Q(c.Name)));
        var sql = "WITH moved AS (DELETE FROM ONLY " + from + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM ONLY " + from + " WHERE " + range + " LIMIT " + RowsPerMove.ToString(CultureInfo.InvariantCulture) + ")) RETURNING " + columns + ") "
            + "INSERT INTO " + to + " (" + columns + ") SELECT " + columns + " FROM moved";
        var total = 0L;
        while (true)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = options.CommandTimeoutSeconds };
            var moved = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += moved;
            if (moved < RowsPerMove)
            {
                return total;
            }
        }
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string condition, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_catalog.count(*) FROM ONLY " + table + " WHERE " + condition, connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<List<string>> ReadNamesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, PgxApplyOptions options, CancellationToken cancellationToken) =>
        PgxSchemaApplier.ExecuteAsync(connection, transaction, sql, options, cancellationToken);

    private static string Q(string identifier) => SqlIdentifier.Quote(identifier);
}
