using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Schema;

/// <summary>
/// What <c>ApplyAsync</c> does about the maintenance procedure: installs it when the one in the database is not the
/// model's (its comment carries a hash of its SQL), and keeps pg_cron's job that calls it in step with the model's
/// <c>Schedule</c> — one job per database, registered, updated or removed only when it differs.
/// </summary>
internal static class MaintenanceJob
{
    /// <summary>The pg_cron job's name.</summary>
    public const string JobName = "pgx.maintain_partitions";

    /// <summary>Installs <see cref="RollingProcedure"/> for <paramref name="model"/> unless the database already has it.</summary>
    public static async Task InstallProcedureAsync(NpgsqlConnection connection, SchemaModel model, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        if (RollingProcedure.ExpectedComment(model) is not { } expected)
        {
            return;
        }

        await using (var read = new NpgsqlCommand("SELECT pg_catalog.obj_description(pg_catalog.to_regprocedure($1), 'pg_proc')", connection))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = RollingProcedure.Signature });
            if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string == expected)
            {
                return;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PgxSchemaApplier.ExecuteAsync(connection, transaction, "SET LOCAL client_min_messages = warning; SET LOCAL lock_timeout = '" + PlanRunner.LockTimeoutSetting(options) + "'", options, cancellationToken).ConfigureAwait(false);
        await PgxSchemaApplier.ExecuteAsync(connection, transaction, RollingProcedure.Render(model), options, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The one schedule the model's rolling sets give, or null when none has one; several different schedules are a
    /// mistake the apply refuses before it changes anything, since one job runs the procedure for every set.
    /// </summary>
    public static string? ScheduleOf(SchemaModel model)
    {
        var scheduled = RollingProcedure.Maintained(model).Where(t => t.Partitioning!.Rolling!.Schedule is not null).ToList();
        var schedules = scheduled.Select(t => t.Partitioning!.Rolling!.Schedule!).Distinct(StringComparer.Ordinal).ToList();
        if (schedules.Count > 1)
        {
            throw new InvalidOperationException(
                "The rolling partition sets name different maintenance schedules (" + string.Join(", ", scheduled.Select(t => t.Schema + "." + t.Name + ": \"" + t.Partitioning!.Rolling!.Schedule + "\""))
                + "), but one pg_cron job runs " + RollingProcedure.Call + " for all of them: give them the same Schedule, or leave it on one.");
        }

        return schedules.FirstOrDefault();
    }

    /// <summary>
    /// Registers, updates or removes the pg_cron job so that it runs <see cref="RollingProcedure.Call"/> on
    /// <paramref name="schedule"/> (none when null). Returns false, changing nothing, when pg_cron is not installed in
    /// this database: the caller says so when a schedule was asked for.
    /// </summary>
    public static async Task<bool> SynchronizeAsync(NpgsqlConnection connection, string? schedule, CancellationToken cancellationToken)
    {
        await using (var installed = new NpgsqlCommand("SELECT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron')", connection))
        {
            if (!(bool)(await installed.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return false;
            }
        }

        await using var batch = new NpgsqlBatch(connection);
        if (schedule is null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = $1 AND username = current_user") { Parameters = { new NpgsqlParameter { Value = JobName } } });
        }
        else
        {
            // cron.schedule replaces the user's job of that name; asked only when something differs, so a re-apply writes nothing.
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "SELECT cron.schedule($1, $2, $3) WHERE NOT EXISTS (SELECT FROM cron.job WHERE jobname = $1 AND username = current_user AND schedule = $2 AND command = $3 AND database = pg_catalog.current_database() AND active)")
            {
                Parameters = { new NpgsqlParameter { Value = JobName }, new NpgsqlParameter { Value = schedule }, new NpgsqlParameter { Value = RollingProcedure.Call } },
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
