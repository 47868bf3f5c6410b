using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Testing;
using Pgx.Tests.Infrastructure;

namespace Pgx.Tests;

/// <summary>
/// <c>[RollingPartitions(Schedule = …)]</c> with pg_cron: on a cluster started with
/// <c>shared_preload_libraries = 'pg_cron'</c>, <c>ApplyAsync</c> registers one job that calls the maintenance
/// procedure, keeps it in step with the schedule (re-applying writes nothing) and removes it when the schedule goes;
/// the job runs the procedure. Without pg_cron in the database, a schedule makes the apply fail saying so. The
/// schedule is set on this assembly's model (<c>PgxSchema.Model</c>) the way the generator writes it.
/// </summary>
public sealed class MaintenanceScheduleTests : IAsyncLifetime
{
    private PostgresServer _cronServer = null!;
    private NpgsqlDataSource _db = null!;

    public async Task InitializeAsync()
    {
        // pg_cron runs its jobs over a loopback connection to the database cron.database_name names.
        _cronServer = await PostgresServer.StartThrowawayAsync(new Dictionary<string, string>
        {
            ["shared_preload_libraries"] = "pg_cron",
            ["cron.database_name"] = "postgres",
            ["cron.host"] = "127.0.0.1",
        });
        _db = NpgsqlDataSource.Create(_cronServer.ConnectionString);
        await _db.ExecuteAsync("CREATE EXTENSION pg_cron");
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _cronServer.DisposeAsync();
    }

    [Fact]
    public async Task ApplyAsync_registers_one_job_keeps_it_up_to_date_and_removes_it_with_the_schedule()
    {
        await ApplyAsync(_db, "*/15 * * * *");

        Assert.Equal(new[] { "pgx.maintain_partitions|*/15 * * * *|CALL pgx.maintain_partitions()|postgres|postgres|True" }, await JobsAsync());
        var version = await _db.ScalarAsync<string>("SELECT jobid::text || '@' || xmin::text FROM cron.job");

        await ApplyAsync(_db, "*/15 * * * *");
        Assert.Equal(version, await _db.ScalarAsync<string>("SELECT jobid::text || '@' || xmin::text FROM cron.job"));

        await ApplyAsync(_db, "@hourly");
        Assert.Equal(new[] { "pgx.maintain_partitions|@hourly|CALL pgx.maintain_partitions()|postgres|postgres|True" }, await JobsAsync());

        await ApplyAsync(_db, null);
        Assert.Empty(await JobsAsync());
    }

    [Fact]
    public async Task The_job_runs_the_procedure_which_makes_the_partitions_now_needs()
    {
        // Every minute: the pg_cron of Debian bookworm (1.4) has no schedules in seconds.
        await ApplyAsync(_db, "* * * * *");
        var now = DateTime.UtcNow;
        var lastPremade = "metrics_p" + new DateTime(now.Year, now.Month, 1).AddMonths(3).ToString("yyyyMM", CultureInfo.InvariantCulture);
        await _db.ExecuteAsync("DROP TABLE rolling." + lastPremade);
        var firstRun = await _db.ScalarAsync<long>("SELECT coalesce(max(runid), 0) FROM cron.job_run_details");

        // Waits for the job's next run to finish, however long the machine takes; the test's own timeout bounds it.
        string status;
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while ((status = await _db.ScalarAsync<string>("SELECT coalesce((SELECT status || ': ' || coalesce(return_message, '') FROM cron.job_run_details WHERE runid > $1 AND status IN ('succeeded', 'failed') ORDER BY runid LIMIT 1), '')", firstRun)) == "")
        {
            await Task.Delay(200, patience.Token);
        }

        await ApplyAsync(_db, null);
        Assert.StartsWith("succeeded", status);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhrelid = to_regclass($1)", "rolling." + lastPremade));
    }

    [Fact]
    public async Task Without_pg_cron_in_the_database_a_schedule_makes_ApplyAsync_say_so()
    {
        var server = await PostgresServer.SharedAsync();
        await using var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("no_pg_cron"));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ApplyAsync(db, "*/15 * * * *"));

        Assert.Contains("pg_cron", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Schedule = \"*/15 * * * *\"", refused.Message, StringComparison.Ordinal);
        Assert.Contains("CALL pgx.maintain_partitions()", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>ApplyAsync of this assembly's model with <paramref name="schedule"/> on every rolling set Pgx maintains.</summary>
    private static Task<PgxApplyReport> ApplyAsync(NpgsqlDataSource db, string? schedule)
    {
        var model = JsonNode.Parse(PgxSchema.Model)!;
        foreach (var table in model["tables"]!.AsArray())
        {
            if (table!["partitioning"]?["rolling"] is JsonObject rolling && (string?)rolling["maintainer"] == "pgx")
            {
                rolling["schedule"] = schedule;
            }
        }

        return PgxSchemaApplier.ApplyModelAsync(db, model.ToJsonString(), null, null, CancellationToken.None);
    }

    private async Task<List<string>> JobsAsync() =>
        (await _db.RowsAsync("SELECT jobname, schedule, command, database, username, active FROM cron.job ORDER BY jobid")).Select(r => string.Join("|", r)).ToList();
}
