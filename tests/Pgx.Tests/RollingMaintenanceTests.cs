using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Testing;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests;

/// <summary>
/// PgxSchema.MaintainAsync on rolling partition sets, with the clock passed in: premake, retention, rows waiting in
/// the default partition, idempotence, trigger routing, and writers running meanwhile.
/// </summary>
public sealed class RollingMaintenanceTests : RollingSchemaTests
{
    [Fact]
    public async Task Premake_creates_exactly_the_partitions_from_Start_or_now_through_now_plus_premake()
    {
        var report = await PgxSchema.MaintainAsync(Db, March15);

        // Start 2026-01 through March + 3; the daily set (no Start) from today through today + 2; the trigger-routed set from Start through March + 2.
        Assert.Equal(Months("rolling.metrics_p", 2026, 1, 6).Concat(Days("rolling.samples_p", new DateOnly(2026, 3, 15), 3)).Concat(Months("rolling.legacy_metrics_p", 2026, 1, 5)).OrderBy(n => n, StringComparer.Ordinal), report.Created.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Empty(report.Detached);
        Assert.Empty(report.Dropped);
        Assert.Equal(Months("metrics_p", 2026, 1, 6).Append("metrics_default").OrderBy(n => n, StringComparer.Ordinal), await ChildrenAsync("metrics"));
        Assert.Equal(Days("samples_p", new DateOnly(2026, 3, 15), 3), await ChildrenAsync("samples"));

        // The partitions take their range and only it: the last premade month, and nothing beyond.
        Assert.Equal(1, await Db.ExecuteAsync("INSERT INTO rolling.metrics (id, at, value) VALUES (1, '2026-06-30 23:59:59+00', 1)"));
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.metrics_p202606"));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => Db.ExecuteAsync("INSERT INTO rolling.samples (id, day, count) VALUES (1, '2026-03-18', 1)"));
        Assert.Equal("23514", refused.SqlState);
    }

    [Fact]
    public async Task A_second_run_with_the_same_clock_changes_nothing()
    {
        await PgxSchema.MaintainAsync(Db, March15);
        var before = await CatalogAsync();

        var again = await PgxSchema.MaintainAsync(Db, March15.AddHours(3));

        Assert.True(again.IsEmpty, string.Join(", ", again.Created.Concat(again.Detached).Concat(again.Dropped)));
        Assert.Equal(before, await CatalogAsync());
    }

    [Fact]
    public async Task Retention_detaches_old_partitions_with_their_rows_or_drops_them()
    {
        await PgxSchema.MaintainAsync(Db, March15);
        await Db.ExecuteAsync("INSERT INTO rolling.metrics (id, at, value) VALUES (1, '2026-01-20+00', 1), (2, '2026-02-20+00', 2), (3, '2026-03-20+00', 3)");

        var report = await PgxSchema.MaintainAsync(Db, September10);

        // Kept: partitions whose upper bound is after September 10 minus 6 months, i.e. from March on.
        Assert.Equal(new[] { "rolling.metrics_p202601", "rolling.metrics_p202602" }, report.Detached.Where(n => n.StartsWith("rolling.metrics_", StringComparison.Ordinal)));
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.metrics_p202601 WHERE id = 1"));
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.metrics"));
        Assert.Equal(Months("metrics_p", 2026, 3, 10).Append("metrics_default").OrderBy(n => n, StringComparer.Ordinal), await ChildrenAsync("metrics"));

        Assert.Equal(Days("rolling.samples_p", new DateOnly(2026, 3, 15), 3), report.Dropped);
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'samples_p20260315'"));

        // What retention detached is never made again, and the plan sees no drift in either set.
        Assert.True((await PgxSchema.MaintainAsync(Db, September10)).IsEmpty);
        var plan = await PgxSchema.PlanAsync(Db);
        Assert.DoesNotContain(plan.Steps, s => s.Description.Contains("metrics", StringComparison.Ordinal) || s.Description.Contains("samples", StringComparison.Ordinal));
        var drift = await PgxSchema.CheckDriftAsync(Db);
        Assert.DoesNotContain(drift, d => d.Table.StartsWith("rolling.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rows_waiting_in_the_default_partition_move_into_the_partition_made_for_them()
    {
        await PgxSchema.MaintainAsync(Db, March15);
        await Db.ExecuteAsync("INSERT INTO rolling.metrics (id, at, value) SELECT g, '2026-08-01+00'::timestamptz + g * interval '1 hour', g FROM generate_series(1, 25) g");
        await Db.ExecuteAsync("INSERT INTO rolling.metrics (id, at, value) VALUES (100, '2027-05-01+00', 1)");
        await Db.ExecuteAsync("INSERT INTO rolling.legacy_metrics (id, at, value) SELECT g, '2026-07-10+00'::timestamptz + g * interval '1 minute', g FROM generate_series(1, 7) g");
        Assert.Equal(26L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.metrics_default"));
        Assert.Equal(7L, await Db.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.legacy_metrics_default"));

        var report = await PgxSchema.MaintainAsync(Db, September10);

        Assert.Equal(32L, report.RowsMoved);
        Assert.Equal(25L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.metrics_p202608"));
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.metrics_default"));
        Assert.Equal(26L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.metrics"));
        Assert.Equal(7L, await Db.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.legacy_metrics_p202607"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.legacy_metrics_default"));
        Assert.Equal(7L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.legacy_metrics"));
    }

    [Fact]
    public async Task Trigger_routed_sets_route_a_raw_insert_into_the_parent_through_a_static_branch_per_child()
    {
        await PgxSchema.MaintainAsync(Db, March15);

        await Db.ExecuteAsync("INSERT INTO rolling.legacy_metrics (id, at, value) VALUES (1, '2026-02-10+00', 1), (2, '2026-05-31 23:00+00', 2), (3, '2026-06-01+00', 3)");

        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.legacy_metrics_p202602"));
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.legacy_metrics_p202605"));
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM ONLY rolling.legacy_metrics_default WHERE id = 3"));
        var function = await Db.ScalarAsync<string>("SELECT prosrc FROM pg_proc WHERE proname = 'legacy_metrics_insert_trigger'");
        Assert.Equal(5, function.Split("INSERT INTO \"rolling\".\"legacy_metrics_p2026").Length - 1);
        Assert.DoesNotContain("EXECUTE", function, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eight_writers_during_maintenance_lose_nothing_and_fail_nothing()
    {
        await PgxSchema.MaintainAsync(Db, March15);
        var repository = new MetricRepository(Db);
        var written = 0;
        var stop = false;
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!Volatile.Read(ref stop))
            {
                // Months that exist, months maintenance is about to create (the default partition holds them meanwhile).
                await repository.InsertAsync(new Metric(0, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddHours(random.Next(24 * 240)), w));
                Interlocked.Increment(ref written);
            }
        })).ToList();

        var reports = new List<PgxMaintenanceReport>();
        foreach (var month in Enumerable.Range(4, 6))
        {
            reports.Add(await PgxSchema.MaintainAsync(Db, new DateTimeOffset(2026, month, 10, 0, 0, 0, TimeSpan.Zero)));
        }

        Volatile.Write(ref stop, true);
        await Task.WhenAll(writers);

        Assert.Equal((long)written, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.metrics"));
        Assert.Contains(reports, r => r.RowsMoved > 0);
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM rolling.metrics_default WHERE at < '2026-12-01+00'"));
    }

    [Fact]
    public async Task ApplyAsync_runs_maintenance_once()
    {
        await using var fresh = NpgsqlDataSource.Create(await Database.Server.CreateDatabaseAsync(nameof(ApplyAsync_runs_maintenance_once)));

        var report = await PgxSchema.ApplyAsync(fresh);

        Assert.NotNull(report.Maintenance);
        Assert.Contains(report.Maintenance!.Created, n => n.StartsWith("rolling.samples_p", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Months(string prefix, int year, int month, int count) =>
        Enumerable.Range(0, count).Select(i => new DateTime(year, month, 1).AddMonths(i)).Select(d => prefix + d.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture));

    private static IEnumerable<string> Days(string prefix, DateOnly first, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + first.AddDays(i).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));

    private async Task<List<string>> ChildrenAsync(string table)
    {
        var names = await Db.ScalarAsync<string[]>("SELECT coalesce(array_agg(c.relname::text ORDER BY c.relname::text COLLATE \"C\"), '{}') FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass", "rolling." + table);
        return names.ToList();
    }

    private Task<string> CatalogAsync() => Db.ScalarAsync<string>("""
        SELECT string_agg(c.relname || ' xmin=' || c.xmin::text, ',' ORDER BY c.relname)
               || ' ' || (SELECT string_agg(md5(prosrc) || p.xmin::text, ',') FROM pg_proc p WHERE proname LIKE '%insert_trigger')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'rolling'
        """);
}
