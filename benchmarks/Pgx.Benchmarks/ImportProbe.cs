using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Benchmarks;

/// <summary>
/// <c>-- import-probe [rounds]</c>: <c>ImportAsync</c> against a hand-written binary COPY into the same two children of
/// <c>pair</c>, 50,000 rows half each, many rounds with the order alternating (odd rounds start with the generated
/// call), each load into children emptied and checkpointed just before it, so neither recipe pays for the other's
/// rows or dirty pages. Besides wall time it records what the client spends — process CPU time and bytes allocated —
/// which is where the generated row pass (checks, partition of each row, per-child lists) would show, and a third
/// recipe, the hand-written COPY that splits the unsplit rows while writing them, to price the split alone.
/// </summary>
internal static class ImportProbe
{
    private const int Rows = 50_000;
    private const int Warmup = 3;

    public static async Task RunAsync(int rounds)
    {
        await using var db = BenchmarkDatabase.Open();
        var repository = new PairRowRepository(db);
        var rows = Enumerable.Range(0, Rows).Select(i => new PairRow(0, 1 + (i % 2), "probe " + i)).ToArray();
        var rowsOfChild = new[] { rows.Where(r => r.P == 1).ToArray(), rows.Where(r => r.P == 2).ToArray() };
        var recipes = new (string Name, Func<Task> Run)[]
        {
            ("hand-written COPY, rows split beforehand (the target)", () => CopyAsync(db, rowsOfChild)),
            ("ImportAsync", () => repository.ImportAsync(rows)),
            ("hand-written COPY, split while writing", () => CopyAsync(db, new[] { rows, rows }, split: true)),
        };

        var wall = recipes.Select(_ => new List<double>()).ToArray();
        var cpu = recipes.Select(_ => new List<double>()).ToArray();
        var bytes = recipes.Select(_ => new List<double>()).ToArray();
        var ratios = new List<double>();
        var process = Process.GetCurrentProcess();
        for (var round = 0; round < Warmup + rounds; round++)
        {
            var order = round % 2 == 0 ? new[] { 0, 1, 2 } : new[] { 1, 2, 0 };
            var roundWall = new double[recipes.Length];
            foreach (var r in order)
            {
                await BenchmarkDatabase.ExecuteAsync(db, "TRUNCATE pair; CHECKPOINT");
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                await recipes[r].Run();
                roundWall[r] = clock.Elapsed.TotalMilliseconds;
                process.Refresh();
                if (round >= Warmup)
                {
                    wall[r].Add(roundWall[r]);
                    cpu[r].Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                    bytes[r].Add(GC.GetTotalAllocatedBytes(precise: true) - bytesBefore);
                }
            }

            if (round >= Warmup)
            {
                ratios.Add(roundWall[0] / roundWall[1]);
            }
        }

        Console.WriteLine($"{Rows:N0} rows, 2 children, {rounds} rounds after {Warmup} warm-ups, order alternating; medians (interquartile range):");
        Console.WriteLine("| recipe | wall | client CPU | allocated |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var r = 0; r < recipes.Length; r++)
        {
            Console.WriteLine($"| {recipes[r].Name} | {Median(wall[r]):F1} ms ({Quartile(wall[r], 1):F1}–{Quartile(wall[r], 3):F1}) | {Median(cpu[r]):F1} ms | {Median(bytes[r]) / 1024 / 1024:F2} MiB |");
        }

        Console.WriteLine($"ImportAsync throughput vs the target, median of the per-round ratios: {Median(ratios):F3}× (interquartile {Quartile(ratios, 1):F3}–{Quartile(ratios, 3):F3}×)");
    }

    private static async Task CopyAsync(NpgsqlDataSource db, PairRow[][] rowsOfChild, bool split = false)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        for (var child = 0; child < rowsOfChild.Length; child++)
        {
            await using var importer = await connection.BeginBinaryImportAsync(child == 0 ? "COPY pair_1 (p, value) FROM STDIN (FORMAT BINARY)" : "COPY pair_2 (p, value) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rowsOfChild[child])
            {
                if (split && row.P != child + 1)
                {
                    continue;
                }

                await importer.StartRowAsync();
                await importer.WriteAsync(row.P, NpgsqlDbType.Integer);
                await importer.WriteAsync(row.Value, NpgsqlDbType.Text);
            }

            await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
    }

    private static double Median(List<double> values) => Quartile(values, 2);

    private static double Quartile(List<double> values, int quartile)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Min(sorted.Count - 1, sorted.Count * quartile / 4)];
    }
}
