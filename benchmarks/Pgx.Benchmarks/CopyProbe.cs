using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Benchmarks;

/// <summary>
/// <c>-- copy-probe</c>: why <c>InsertManyAsync</c> sends small per-child shares as <c>unnest</c> inserts. For
/// batches spread over the 25 trigger-routed children it times, side by side in one process, one binary COPY per
/// child against one prepared round trip of 25 <c>INSERT … SELECT * FROM unnest($1, $2)</c> (keys from the column
/// default in both), and where the time of one small COPY goes. Stopwatch medians, after warm-up.
/// </summary>
internal static class CopyProbe
{
    private const int Warmup = 3;
    private const int Measured = 12;

    public static async Task RunAsync()
    {
        await using var db = BenchmarkDatabase.Open();
        Console.WriteLine("rows (per child) | 25 COPYs | 1 round trip of 25 unnest inserts | unnest / COPY");
        foreach (var rows in new[] { 2_500, 10_000, 25_000, 50_000, 100_000 })
        {
            var children = Children(rows);
            var copy = new List<double>();
            var unnest = new List<double>();
            for (var run = 0; run < Warmup + Measured; run++)
            {
                var clock = Stopwatch.StartNew();
                await CopiesAsync(db, children, (_, _, _) => { });
                var copied = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                await UnnestAsync(db, children);
                var inserted = clock.Elapsed.TotalMilliseconds;
                if (run >= Warmup)
                {
                    copy.Add(copied);
                    unnest.Add(inserted);
                }
            }

            Console.WriteLine($"{rows,7:N0} ({rows / BenchmarkDatabase.Partitions,5:N0}) | {Median(copy),8:F1} ms | {Median(unnest),8:F1} ms | {Median(unnest) / Median(copy):F2}");
        }

        foreach (var rows in new[] { 10_000, 100_000 })
        {
            var begin = new List<double>();
            var write = new List<double>();
            var complete = new List<double>();
            for (var run = 0; run < Warmup + Measured; run++)
            {
                await CopiesAsync(db, Children(rows), (b, w, c) =>
                {
                    if (run >= Warmup)
                    {
                        begin.Add(b);
                        write.Add(w);
                        complete.Add(c);
                    }
                });
            }

            Console.WriteLine($"one COPY of {rows / BenchmarkDatabase.Partitions:N0} rows ({begin.Count} COPYs, median / mean): begin {Median(begin):F2} / {begin.Average():F2} ms, "
                + $"writing the rows {Median(write):F2} / {write.Average():F2} ms, complete {Median(complete):F2} / {complete.Average():F2} ms");
        }
    }

    /// <summary>The batch's values per child: <c>p</c> rotates over the children as in <see cref="BulkBenchmarks"/>.</summary>
    private static (int[] P, string[] Value)[] Children(int rows) =>
        Enumerable.Range(1, BenchmarkDatabase.Partitions)
            .Select(p => Enumerable.Range(0, rows).Where(i => 1 + (i % BenchmarkDatabase.Partitions) == p).ToArray())
            .Select((indexes, child) => (indexes.Select(_ => child + 1).ToArray(), indexes.Select(i => "bulk " + i).ToArray()))
            .ToArray();

    private static async Task CopiesAsync(NpgsqlDataSource db, (int[] P, string[] Value)[] children, Action<double, double, double> timed)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var clock = new Stopwatch();
        for (var child = 0; child < children.Length; child++)
        {
            clock.Restart();
            await using var importer = await connection.BeginBinaryImportAsync($"COPY trig_{child + 1:00} (p, value) FROM STDIN (FORMAT BINARY)");
            var begun = clock.Elapsed.TotalMilliseconds;
            var (p, value) = children[child];
            for (var i = 0; i < p.Length; i++)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(p[i], NpgsqlDbType.Integer);
                await importer.WriteAsync(value[i], NpgsqlDbType.Text);
            }

            var written = clock.Elapsed.TotalMilliseconds;
            await importer.CompleteAsync();
            timed(begun, written - begun, clock.Elapsed.TotalMilliseconds - written);
        }

        await transaction.CommitAsync();
    }

    private static async Task UnnestAsync(NpgsqlDataSource db, (int[] P, string[] Value)[] children)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        for (var child = 0; child < children.Length; child++)
        {
            var command = new NpgsqlBatchCommand($"INSERT INTO trig_{child + 1:00} (p, value) SELECT * FROM unnest($1, $2)");
            command.Parameters.Add(new NpgsqlParameter<int[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, TypedValue = children[child].P });
            command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = children[child].Value });
            batch.BatchCommands.Add(command);
        }

        await batch.PrepareAsync();
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
