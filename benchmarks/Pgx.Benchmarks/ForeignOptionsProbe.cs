using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Benchmarks;

/// <summary>
/// Chooses <c>[assembly: ForeignServer]</c>'s defaults: one postgres_fdw option at a time is changed on the
/// server <c>app_pg</c> of <see cref="ForeignDatabase"/> (starting from none set), and the join, the aggregate and
/// the bulk insert of <see cref="ForeignJoinBenchmarks"/> are timed with it: the median of several runs each, after
/// one unmeasured run. Coarser than BenchmarkDotNet, and enough to see which values matter.
/// </summary>
internal static class ForeignOptionsProbe
{
    private const int Runs = 7;

    private static readonly string[][] Settings =
    {
        Array.Empty<string>(),
        new[] { "fetch_size '1000'" },
        new[] { "fetch_size '10000'" },
        new[] { "fetch_size '50000'" },
        new[] { "batch_size '100'" },
        new[] { "batch_size '1000'" },
        new[] { "use_remote_estimate 'true'" },
        new[] { "async_capable 'true'" },
    };

    public static async Task RunAsync()
    {
        await using var db = ForeignDatabase.Open();
        Console.WriteLine($"// median of {Runs} runs, ms; server app_pg with the options named, schema pg");
        Console.WriteLine($"{"options",-32} {"join",8} {"aggregate",10} {"insert " + ForeignDatabase.InsertRows,12}");
        foreach (var options in Settings)
        {
            if (options.Length > 0)
            {
                await BenchmarkDatabase.ExecuteAsync(db, "ALTER SERVER app_pg OPTIONS (" + string.Join(", ", options.Select(o => "ADD " + o)) + ")");
            }

            await MeasureAsync(db, "pg", options.Length == 0 ? "(none: PostgreSQL's defaults)" : string.Join(", ", options));
            if (options.Length > 0)
            {
                await BenchmarkDatabase.ExecuteAsync(db, "ALTER SERVER app_pg OPTIONS (" + string.Join(", ", options.Select(o => "DROP " + o.Split(' ')[0])) + ")");
            }
        }

        await MeasureAsync(db, "pgx", "Pgx's: " + ForeignDatabase.PgxServerOptions);
        await MeasureAsync(db, "local", "local copies (the ceiling)");
        foreach (var (query, schema) in new[] { "join", "aggregate" }.SelectMany(q => new[] { "pg", "pgx", "local" }.Select(s => (q, s))))
        {
            Console.WriteLine($"// EXPLAIN of the {query}, schema {schema}:");
            var sql = query == "join" ? ForeignJoinBenchmarks.JoinSql(schema).Replace("$1", "7") : ForeignJoinBenchmarks.AggregateSql(schema);
            await using var command = db.CreateCommand("EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF) " + sql);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine("//   " + reader.GetString(0));
            }
        }
    }

    private static async Task MeasureAsync(NpgsqlDataSource db, string schema, string label)
    {
        var join = await MedianAsync(() => Execute(db, ForeignJoinBenchmarks.JoinSql(schema).Replace("$1", "7")));
        var aggregate = await MedianAsync(() => Execute(db, ForeignJoinBenchmarks.AggregateSql(schema)));
        var insert = await MedianAsync(() => Execute(db, ForeignJoinBenchmarks.InsertSql(schema)));
        Console.WriteLine($"{label,-32} {join,8:0.0} {aggregate,10:0.0} {insert,12:0.0}");
    }

    private static async Task Execute(NpgsqlDataSource db, string sql) => await BenchmarkDatabase.ExecuteAsync(db, sql);

    private static async Task<double> MedianAsync(Func<Task> run)
    {
        await run();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
