using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Testing;
using static Pgx.Benchmarks.BenchmarkDatabase;

namespace Pgx.Benchmarks;

/// <summary>
/// Rolling partition maintenance at size: <c>PgxSchema.MaintainAsync</c> and <c>CALL pgx.maintain_partitions()</c>
/// making ten years of monthly and three years of daily partitions (about 1,100) from nothing, then the up-to-date run
/// that finds nothing to do; and <c>InsertAsync</c> into the 1,100-partition table against a 25-partition one. A
/// measured program: each maintenance run is one long operation, timed once per database.
/// </summary>
internal static class RollingProbe
{
    private const int Inserts = 2000;
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync()
    {
        await using var server = await PostgresServer.StartThrowawayAsync(Settings);
        Console.WriteLine($"// PostgreSQL {await ScalarAsync(NpgsqlDataSource.Create(server.ConnectionString), "SHOW server_version")}; now = {Now:yyyy-MM-dd}; {Environment.ProcessorCount} cores, load {System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");

        await using var byMaintainAsync = await DatabaseAsync(server, "rolling_probe_maintain");
        var first = await TimeAsync(() => PgxSchema.MaintainAsync(byMaintainAsync, Now));
        var again = await TimeAsync(() => PgxSchema.MaintainAsync(byMaintainAsync, Now));
        Console.WriteLine($"MaintainAsync, all three sets, first run: {first.Elapsed.TotalSeconds:0.0} s ({first.Result.Created.Count} partitions created); up to date: {again.Elapsed.TotalMilliseconds:0} ms ({again.Result.Created.Count} created).");

        await using var byProcedure = await DatabaseAsync(server, "rolling_probe_procedure");
        foreach (var table in new[] { "rolling_monthly", "rolling_daily", "rolling_small" })
        {
            var call = $"CALL pgx.maintain_partitions(now => '{Now:yyyy-MM-dd HH:mm:ss}+00', table_name => 'public.{table}')";
            var procedureFirst = await TimeAsync(() => ExecuteAsync(byProcedure, call).ContinueWith(_ => 0));
            var procedureAgain = await TimeAsync(() => ExecuteAsync(byProcedure, call).ContinueWith(_ => 0));
            var count = await ScalarAsync(byProcedure, $"SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.{table}'::regclass");
            Console.WriteLine($"pgx.maintain_partitions, {table} ({count} partitions): first run {procedureFirst.Elapsed.TotalSeconds:0.0} s; up to date {procedureAgain.Elapsed.TotalMilliseconds:0} ms.");
        }

        var large = new RollingDailyRepository(byMaintainAsync);
        var small = new RollingSmallRepository(byMaintainAsync);
        var random = new Random(1);
        foreach (var round in new[] { "warm-up", "measured" })
        {
            var largeTimes = await InsertTimesAsync(i => large.InsertAsync(new RollingDaily(0, Now.AddMinutes(-random.Next(60 * 24 * 20)), "x")));
            var smallTimes = await InsertTimesAsync(i => small.InsertAsync(new RollingSmall(0, Now.AddMinutes(-random.Next(60 * 24 * 20)), "x")));
            if (round == "measured")
            {
                Console.WriteLine($"InsertAsync, {Inserts} rows one by one: {await ScalarAsync(byMaintainAsync, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.rolling_daily'::regclass")} partitions median {Median(largeTimes):0} µs, "
                    + $"{await ScalarAsync(byMaintainAsync, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.rolling_small'::regclass")} partitions median {Median(smallTimes):0} µs.");
            }
        }
    }

    /// <summary>A database with the schema applied and, for each set, its oldest partition attached by hand.</summary>
    private static async Task<NpgsqlDataSource> DatabaseAsync(PostgresServer server, string name)
    {
        var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync(name));
        await ExecuteAsync(db, PgxSchema.Sql);
        await ExecuteAsync(db, "CREATE TABLE public.rolling_monthly_p201612 PARTITION OF public.rolling_monthly FOR VALUES FROM ('2016-12-01 00:00:00+00') TO ('2017-01-01 00:00:00+00')");
        await ExecuteAsync(db, "CREATE TABLE public.rolling_daily_p20231201 PARTITION OF public.rolling_daily FOR VALUES FROM ('2023-12-01 00:00:00+00') TO ('2023-12-02 00:00:00+00')");
        await ExecuteAsync(db, "CREATE TABLE public.rolling_small_p20261110 PARTITION OF public.rolling_small FOR VALUES FROM ('2026-11-10 00:00:00+00') TO ('2026-11-11 00:00:00+00')");
        return db;
    }

    private static async Task<(T Result, TimeSpan Elapsed)> TimeAsync<T>(Func<Task<T>> action)
    {
        var clock = Stopwatch.StartNew();
        var result = await action();
        return (result, clock.Elapsed);
    }

    private static async Task<List<double>> InsertTimesAsync(Func<int, Task> insert)
    {
        var times = new List<double>(Inserts);
        for (var i = 0; i < Inserts; i++)
        {
            var clock = Stopwatch.StartNew();
            await insert(i);
            times.Add(clock.Elapsed.TotalMilliseconds * 1000);
        }

        return times;
    }

    private static double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
}
