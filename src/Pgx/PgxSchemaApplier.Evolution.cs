using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Schema;

namespace Pgx;

/// <summary>Schema evolution: the compiled model against the live catalog, planned and applied step by step.</summary>
public static partial class PgxSchemaApplier
{
    /// <summary>
    /// Reads the catalog and plans what <see cref="ApplyModelAsync(NpgsqlDataSource, string, ForeignSchemaDefinition?, PgxApplyOptions?, CancellationToken)"/>
    /// would do; changes nothing.
    /// </summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="model">The desired schema (<c>PgxSchema.Model</c>).</param>
    /// <param name="options">
    /// Run-time settings (<see cref="PgxApplyOptions.AllowDataLoss"/> adds the drops of removed partitions; the servers that hold
    /// partitions are planned through <see cref="PgxApplyOptions.ForeignServers"/>), or <see langword="null"/> for the coordinator alone.
    /// </param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The plan, with each server's in <see cref="PgxPlan.ShardPlans"/>; empty when every database matches the model.</returns>
    public static async Task<PgxPlan> PlanAsync(NpgsqlDataSource dataSource, string model, PgxApplyOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var desired = SchemaJson.Read(model);
        var diff = await CompareAsync(connection, null, desired, options ?? new PgxApplyOptions(), cancellationToken).ConfigureAwait(false);
        return new PgxPlan(diff.Steps) { ShardPlans = await PlanShardsAsync(desired, options, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>Every difference between the local tables and the model: tables, columns, indexes, partitions, routing functions.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="model">The desired schema (<c>PgxSchema.Model</c>).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The differences; empty when the database matches the model.</returns>
    public static async Task<IReadOnlyList<PgxDrift>> CheckDriftAsync(NpgsqlDataSource dataSource, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var diff = await CompareAsync(connection, null, SchemaJson.Read(model), new PgxApplyOptions(), cancellationToken).ConfigureAwait(false);
        return diff.Drift;
    }

    /// <summary>
    /// Brings the database to the model: plans against the catalog, refuses data loss unless allowed, runs the steps
    /// under the lock timeout with retries, then gives partitions their parent's privileges and refreshes the foreign
    /// objects, in the last steps' transaction when they run in one (a fresh database: all or nothing). Holds <see cref="AdvisoryLockKey"/> throughout, so concurrent applies run one after the other.
    /// </summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="model">The desired schema (<c>PgxSchema.Model</c>).</param>
    /// <param name="foreign">The foreign objects, or <see langword="null"/>.</param>
    /// <param name="options">Run-time settings, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the apply between statements; steps already committed stay.</param>
    /// <returns>What ran, how long each step took and held its locks.</returns>
    /// <exception cref="PgxUnsafeChangeException">The plan loses data and <see cref="PgxApplyOptions.AllowDataLoss"/> is not set; nothing changed.</exception>
    public static async Task<PgxApplyReport> ApplyModelAsync(NpgsqlDataSource dataSource, string model, ForeignSchemaDefinition? foreign, PgxApplyOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PgxApplyOptions();
        var settings = foreign is null ? default : ForeignServerSettings.Resolve(foreign, options);
        var desired = SchemaJson.Read(model);
        var schedule = MaintenanceJob.ScheduleOf(desired);

        var shards = await ApplyShardsAsync(desired, foreign, options, cancellationToken).ConfigureAwait(false);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await AcquireSessionLockAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            await PgPartmanRegistration.RequireAsync(connection, null, desired, cancellationToken).ConfigureAwait(false);
            var diff = await CompareAsync(connection, null, desired, options, cancellationToken).ConfigureAwait(false);
            var plan = new PgxPlan(diff.Steps);
            RefuseDataLoss(plan, options);
            var results = await PlanRunner.RunAsync(
                connection,
                plan.Steps,
                options,
                transaction => ApplyCoreAsync(connection, transaction, desired.MirrorSql, foreign, settings, options, cancellationToken),
                cancellationToken).ConfigureAwait(false);

            // Rolling sets get the partitions "now" needs before the application writes its first row (from Pgx's
            // maintenance, or from pg_partman's create_parent for the sets it maintains), and the procedure that
            // schedulers call; pg_cron's job follows the model's schedule.
            var now = DateTimeOffset.UtcNow;
            await MaintenanceJob.InstallProcedureAsync(connection, desired, options, cancellationToken).ConfigureAwait(false);
            var maintenance = await RollingMaintenance.RunAsync(connection, desired, now, options, cancellationToken).ConfigureAwait(false);
            var registered = await PgPartmanRegistration.RunAsync(connection, null, desired, now, options, cancellationToken).ConfigureAwait(false);
            if (registered.Count > 0)
            {
                maintenance = new PgxMaintenanceReport(maintenance.Created.Concat(registered).ToList(), maintenance.Detached, maintenance.Dropped, maintenance.RowsMoved);
            }

            if (!await MaintenanceJob.SynchronizeAsync(connection, schedule, cancellationToken).ConfigureAwait(false) && schedule is not null)
            {
                throw new InvalidOperationException(
                    "The schema was applied and its rolling partitions maintained once, but the maintenance is not scheduled: Schedule = \"" + schedule
                    + "\" needs the pg_cron extension in database '" + connection.Database + "', which does not have it. Install it (shared_preload_libraries = 'pg_cron', "
                    + "cron.database_name = '" + connection.Database + "', then CREATE EXTENSION pg_cron), or remove Schedule and run "
                    + RollingProcedure.Call + " or PgxSchema.MaintainAsync from a scheduler of your own.");
            }

            return new PgxApplyReport(plan, results) { Maintenance = maintenance, ShardPlans = shards };
        }
        finally
        {
            await ReleaseSessionLockAsync(connection).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Brings the database to the model inside the caller's transaction (e.g. next to the application's own
    /// migrations), under the same advisory lock; commits nothing. A plan with a step that cannot run in a transaction
    /// (a concurrent index build, a partition's move to another server) is refused with an exception naming those steps:
    /// apply through a data source instead. The tables on servers that hold partitions are applied first, each in its own
    /// transaction on its server, since they cannot join the caller's. Pgx's rolling maintenance does not run here: it commits batch by batch under the lock timeout with retries, and
    /// in the caller's transaction its locks would last until the caller commits and a lock timeout would abort it.
    /// The caller runs <c>MaintainAsync</c> after committing (docs/rolling-partitions.md).
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The caller's transaction on <paramref name="connection"/>.</param>
    /// <param name="model">The desired schema (<c>PgxSchema.Model</c>).</param>
    /// <param name="foreign">The foreign objects, or <see langword="null"/>.</param>
    /// <param name="options">Run-time settings, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <returns>What ran.</returns>
    public static async Task<PgxApplyReport> ApplyModelAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string model, ForeignSchemaDefinition? foreign, PgxApplyOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        options ??= new PgxApplyOptions();
        var settings = foreign is null ? default : ForeignServerSettings.Resolve(foreign, options);
        var desired = SchemaJson.Read(model);
        var shards = await ApplyShardsAsync(desired, foreign, options, cancellationToken).ConfigureAwait(false);

        // The caller's transaction goes on after us: leave client_min_messages and lock_timeout as we found them.
        var messages = await ScalarAsync(connection, transaction, "SELECT pg_catalog.current_setting('client_min_messages')", options, cancellationToken).ConfigureAwait(false);
        var lockTimeout = await ScalarAsync(connection, transaction, "SELECT pg_catalog.current_setting('lock_timeout')", options, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", options, cancellationToken).ConfigureAwait(false);
        await PgPartmanRegistration.RequireAsync(connection, transaction, desired, cancellationToken).ConfigureAwait(false);
        var diff = await CompareAsync(connection, transaction, desired, options, cancellationToken).ConfigureAwait(false);
        var plan = new PgxPlan(diff.Steps);
        var outside = plan.Steps.Where(s => !s.RunsInTransaction || s.AfterForeignObjects).ToList();
        if (outside.Count > 0)
        {
            throw new InvalidOperationException(
                "The schema change has steps that cannot run inside a transaction, so it cannot be applied in the caller's transaction: "
                + string.Join("; ", outside.Select(s => s.Description)) + ". Apply it with PgxSchema.ApplyAsync(dataSource) instead.");
        }

        RefuseDataLoss(plan, options);
        await SetLocalAsync(connection, transaction, "lock_timeout", PlanRunner.LockTimeoutSetting(options), cancellationToken).ConfigureAwait(false);
        var results = await PlanRunner.RunInTransactionAsync(connection, transaction, plan.Steps, options, cancellationToken).ConfigureAwait(false);
        await SetLocalAsync(connection, transaction, "lock_timeout", lockTimeout, cancellationToken).ConfigureAwait(false);
        await ApplyCoreAsync(connection, transaction, desired.MirrorSql, foreign, settings, options, cancellationToken).ConfigureAwait(false);

        // pg_partman's sets are registered here too (Pgx's own maintenance needs transactions of its own and so waits
        // for MaintainAsync); create_parent sets the time zone to UTC for the rest of the transaction.
        var timeZone = await ScalarAsync(connection, transaction, "SELECT pg_catalog.current_setting('TimeZone')", options, cancellationToken).ConfigureAwait(false);
        await PgPartmanRegistration.RunAsync(connection, transaction, desired, DateTimeOffset.UtcNow, options, cancellationToken).ConfigureAwait(false);
        await SetLocalAsync(connection, transaction, "TimeZone", timeZone, cancellationToken).ConfigureAwait(false);
        await SetLocalAsync(connection, transaction, "client_min_messages", messages, cancellationToken).ConfigureAwait(false);
        return new PgxApplyReport(plan, results) { ShardPlans = shards };
    }

    private static async Task<SchemaDiff> CompareAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SchemaModel desired, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var actual = await CatalogReader.ReadAsync(connection, transaction, desired, cancellationToken).ConfigureAwait(false);
        var canonical = await BoundProbe.CanonicalAsync(connection, transaction, desired, actual, cancellationToken).ConfigureAwait(false);
        await DefaultSpelling.AddAsync(connection, transaction, desired, actual, canonical, cancellationToken).ConfigureAwait(false);
        return SchemaDiff.Compare(desired, actual, canonical, options.AllowDataLoss);
    }

    private static void RefuseDataLoss(PgxPlan plan, PgxApplyOptions options)
    {
        var unsafeSteps = plan.Steps.Where(s => (s.Hazards & PgxHazard.DataLoss) != 0).ToList();
        if (unsafeSteps.Count > 0 && !options.AllowDataLoss)
        {
            throw new PgxUnsafeChangeException(unsafeSteps);
        }
    }

    /// <summary>
    /// A session-level advisory lock, since the steps span transactions. Taken by polling, never by waiting: a session
    /// waiting in pg_advisory_lock holds a snapshot, and the holder's CREATE INDEX CONCURRENTLY would wait for it.
    /// </summary>
    private static async Task AcquireSessionLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLockKey})", connection);
        while (!(bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50 + Random.Shared.Next(100)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Releases the lock of <see cref="AcquireSessionLockAsync"/>, also after a cancellation.</summary>
    private static async Task ReleaseSessionLockAsync(NpgsqlConnection connection)
    {
        await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
        await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task SetLocalAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, string value, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_catalog.set_config($1, $2, true)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
