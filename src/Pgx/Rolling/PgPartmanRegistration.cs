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
/// Hands the rolling sets with <c>Maintainer = PartitionMaintainer.PgPartman</c> to the installed pg_partman: a set not
/// yet in its <c>part_config</c> is registered with <c>create_parent</c> (4.x or 5.x, as installed), one already there
/// gets its premake and retention brought up to date. pg_partman then creates and retires the partitions; Pgx's own
/// maintenance leaves these sets alone.
/// </summary>
internal static class PgPartmanRegistration
{
    /// <summary>The installed pg_partman: its major version and quoted schema, or null when it is not installed.</summary>
    private sealed record Extension(int Major, string Schema);

    private static IEnumerable<TableModel> Sets(SchemaModel model) => model.Tables.Where(t => t.Partitioning?.Rolling is { Maintainer: "pg_partman" });

    /// <summary>
    /// Throws, before anything changes, when <paramref name="model"/> has pg_partman sets and the database lacks the
    /// extension (creating it needs a superuser and, for its background worker, a server setting: the DBA's call).
    /// </summary>
    public static async Task RequireAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SchemaModel model, CancellationToken cancellationToken)
    {
        var sets = Sets(model).ToList();
        if (sets.Count == 0 || await FindAsync(connection, transaction, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        throw new InvalidOperationException(
            string.Join(", ", sets.Select(t => t.Schema + "." + t.Name)) + (sets.Count == 1 ? " is" : " are")
            + " maintained by pg_partman (Maintainer = PartitionMaintainer.PgPartman), but the pg_partman extension is not installed in database \""
            + connection.Database + "\". As a superuser run: CREATE SCHEMA " + PgPartmanRules.DocumentedSchema + "; CREATE EXTENSION pg_partman SCHEMA "
            + PgPartmanRules.DocumentedSchema + "; then apply again. Nothing was changed.");
    }

    /// <summary>Registers or updates every pg_partman set of <paramref name="model"/>; returns the partitions pg_partman made meanwhile.</summary>
    public static async Task<List<string>> RunAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SchemaModel model, DateTimeOffset now, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        var sets = Sets(model).ToList();
        if (sets.Count == 0)
        {
            return created;
        }

        var extension = await FindAsync(connection, transaction, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The pg_partman extension was removed during the apply.");
        foreach (var table in sets)
        {
            if (transaction is not null)
            {
                created.AddRange(await RegisterAsync(connection, transaction, extension, table, now, options, cancellationToken).ConfigureAwait(false));
                continue;
            }

            created.AddRange(await PlanRunner.WithRetriesAsync("Register " + table.Schema + "." + table.Name + " with pg_partman", options, async _ =>
            {
                await using var own = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await PgxSchemaApplier.ExecuteAsync(connection, own, "SET LOCAL client_min_messages = warning; SET LOCAL lock_timeout = '" + PlanRunner.LockTimeoutSetting(options) + "'", options, cancellationToken).ConfigureAwait(false);
                var made = await RegisterAsync(connection, own, extension, table, now, options, cancellationToken).ConfigureAwait(false);
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                return made;
            }, cancellationToken, table.Schema + "." + table.Name).ConfigureAwait(false));
        }

        return created;
    }

    private static async Task<List<string>> RegisterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Extension extension, TableModel table, DateTimeOffset now, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var rolling = table.Partitioning!.Rolling!;
        var rule = RollingInterval.Parse(rolling.Interval, rolling.IntegerKey, out var reason)
            ?? throw new InvalidOperationException("The rolling interval '" + rolling.Interval + "' of " + table.Schema + "." + table.Name + " is not valid: " + reason);
        if (table.Schema.Contains('.') || table.Name.Contains('.'))
        {
            throw new InvalidOperationException("pg_partman cannot maintain " + table.Schema + "." + table.Name + ": it reads the parent's name as schema.table and so refuses names with a period.");
        }

        var parent = table.Schema + "." + table.Name;
        var set = new RollingSet(table, rule);

        // pg_partman writes names and bounds of timestamptz partitions in the session's time zone; Pgx's rule counts in UTC.
        await ExecuteAsync(connection, transaction, "SET LOCAL TimeZone = 'UTC'", Array.Empty<object?>(), options, cancellationToken).ConfigureAwait(false);
        var retention = rolling.Retain;
        var keepTable = rolling.RetentionMode != "drop";
        await using (var read = Command(connection, transaction, "SELECT partition_interval FROM " + extension.Schema + ".part_config WHERE parent_table = $1", parent))
        {
            if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string registered)
            {
                await RequireSameIntervalAsync(connection, transaction, parent, registered, rule, options, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, PgPartmanRules.Configure(extension.Schema), new object?[] { parent, rolling.Premake, retention, keepTable }, options, cancellationToken).ConfigureAwait(false);
                return new List<string>();
            }
        }

        // A set Pgx maintained until now: its partitions take pg_partman's names, or create_parent would make
        // overlapping ones beside them ("partition events_p2026_10 would overlap partition events_p202610").
        var before = new HashSet<string>(await set.ChildrenAsync(connection, cancellationToken, transaction).ConfigureAwait(false), StringComparer.Ordinal);
        foreach (var child in SchemaDiff.RollingChildren(table, before, "pgx").ToList())
        {
            var partmanName = PgPartmanRules.ChildName(rule, table.Name, rule.PartitionNamed(table.Name, child)!.Value, extension.Major);
            if (partmanName != child)
            {
                await ExecuteAsync(connection, transaction, "ALTER TABLE " + Q(table.Schema) + "." + Q(child) + " RENAME TO " + Q(partmanName), Array.Empty<object?>(), options, cancellationToken).ConfigureAwait(false);
                before.Remove(child);
                before.Add(partmanName);
            }
        }

        // pg_partman makes <table>_default itself (4.x always, and fails when it exists): the default partition Pgx
        // made steps aside meanwhile, and its rows go back through the parent into the partitions made for them.
        var aside = await SetDefaultAsideAsync(connection, transaction, table, options, cancellationToken).ConfigureAwait(false);
        long? start = rolling.Start is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : rolling.IntegerKey ? null : rule.LowerBound(rule.PartitionOf(set.TimeOf(now)));
        var startText = start is not { } first ? null
            : rolling.IntegerKey ? first.ToString(CultureInfo.InvariantCulture)
            : new DateTime(first).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00";
        var interval = rolling.IntegerKey ? rule.Count.ToString(CultureInfo.InvariantCulture) : rule.ToString();
        await ExecuteAsync(connection, transaction, PgPartmanRules.CreateParent(extension.Major, extension.Schema), new object?[] { parent, table.Partitioning.KeyColumn, interval, rolling.Premake, startText }, options, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, PgPartmanRules.Configure(extension.Schema), new object?[] { parent, rolling.Premake, retention, keepTable }, options, cancellationToken).ConfigureAwait(false);
        if (aside is not null)
        {
            var columns = string.Join(", ", table.Columns.Select(c => Q(c.Name)));
            await ExecuteAsync(connection, transaction, "INSERT INTO " + Q(table.Schema) + "." + Q(table.Name) + " (" + columns + ") SELECT " + columns + " FROM " + aside, Array.Empty<object?>(), options, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "DROP TABLE " + aside, Array.Empty<object?>(), options, cancellationToken).ConfigureAwait(false);
        }

        var after = await set.ChildrenAsync(connection, cancellationToken, transaction).ConfigureAwait(false);
        return after.Where(c => !before.Contains(c) && c != PgPartmanRules.DefaultPartition(table.Name)).Select(set.Qualified).ToList();
    }

    /// <summary>Detaches the parent's default partition and renames it aside; returns its quoted name, or null when there is none.</summary>
    private static async Task<string?> SetDefaultAsideAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableModel table, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        await using var find = Command(connection, transaction,
            "SELECT c.relname FROM pg_catalog.pg_partitioned_table p JOIN pg_catalog.pg_class c ON c.oid = p.partdefid WHERE p.partrelid = $1::regclass",
            Q(table.Schema) + "." + Q(table.Name));
        if (await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not string name)
        {
            return null;
        }

        var asideName = Names.Derived(table.Name, "_pgx_default_aside");
        await ExecuteAsync(connection, transaction, "ALTER TABLE " + Q(table.Schema) + "." + Q(table.Name) + " DETACH PARTITION " + Q(table.Schema) + "." + Q(name), Array.Empty<object?>(), options, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "ALTER TABLE " + Q(table.Schema) + "." + Q(name) + " RENAME TO " + Q(asideName), Array.Empty<object?>(), options, cancellationToken).ConfigureAwait(false);
        return Q(table.Schema) + "." + Q(asideName);
    }

    /// <summary>pg_partman cannot change a set's interval: a model whose interval differs from the registered one is refused.</summary>
    private static async Task RequireSameIntervalAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string parent, string registered, RollingInterval rule, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var sql = rule.Unit == RollingUnit.Integer ? "SELECT $1::bigint = $2::bigint" : "SELECT $1::interval = $2::interval";
        var model = rule.Unit == RollingUnit.Integer ? rule.Count.ToString(CultureInfo.InvariantCulture) : rule.ToString();
        await using var compare = Command(connection, transaction, sql, registered, model);
        compare.CommandTimeout = options.CommandTimeoutSeconds;
        if (!(bool)(await compare.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            throw new InvalidOperationException(
                parent + " is registered with pg_partman at an interval of " + registered + ", but the model says " + model
                + ". pg_partman cannot change a set's interval; nothing was changed for this table.");
        }
    }

    private static async Task<Extension?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT e.extversion, n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_partman'");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var version = reader.GetString(0);
        var major = int.Parse(version.Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture);
        return new Extension(major, Q(reader.GetString(1)));
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object?[] values, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, values);
        command.CommandTimeout = options.CommandTimeoutSeconds;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Q(string identifier) => SqlIdentifier.Quote(identifier);
}
