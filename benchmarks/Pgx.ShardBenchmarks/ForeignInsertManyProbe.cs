using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.ShardBenchmarks;

/// <summary>
/// <c>InsertManyAsync</c> of 1,000 rows into a writable foreign table: the generated <c>INSERT … SELECT * FROM
/// unnest(…)</c> against the binary <c>COPY</c> the repository sent before (the same transaction and statement, written
/// out here), one batch of each in turn so that drift of the machine hits both alike; median per batch.
/// </summary>
internal static class ForeignInsertManyProbe
{
    private const int Rows = 1000;
    private const string CopySql = "COPY shard_notes (id, customer_id, body, reviewed_at) FROM STDIN (FORMAT BINARY)";

    public static async Task RunAsync(NpgsqlDataSource coordinator, int batches)
    {
        var notes = new ShardNoteRepository(coordinator);
        var reviewed = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var nextId = 0L;
        ShardNote[] Batch() => Enumerable.Range(0, Rows).Select(i => new ShardNote(++nextId, i, "note " + i, i % 3 == 0 ? null : reviewed)).ToArray();
        var ways = new (string Name, Func<Task> Insert)[]
        {
            ("before: binary COPY", () => CopyAsync(coordinator, Batch())),
            ("after: INSERT … unnest", () => notes.InsertManyAsync(Batch())),
        };
        var times = ways.ToDictionary(w => w.Name, _ => new List<double>());
        foreach (var (_, insert) in ways)
        {
            await insert(); // warm up pools, the remote connection and prepared statements
        }

        for (var batch = 0; batch < batches; batch++)
        {
            foreach (var (name, insert) in ways)
            {
                var clock = Stopwatch.StartNew();
                await insert();
                times[name].Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine($"InsertManyAsync into a foreign table, {Rows:N0} rows, {batches} batches each, alternating (median ms per batch):");
        foreach (var (name, _) in ways)
        {
            var sorted = times[name].OrderBy(t => t).ToList();
            Console.WriteLine($"  {name,-24} {sorted[sorted.Count / 2],8:F2} ms   (min {sorted[0]:F2}, max {sorted[^1]:F2})");
        }
    }

    /// <summary>What the generated InsertManyAsync of a foreign table did before: one binary COPY in one transaction.</summary>
    private static async Task CopyAsync(NpgsqlDataSource coordinator, ShardNote[] rows)
    {
        await using var connection = await coordinator.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var importer = await connection.BeginBinaryImportAsync(CopySql))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(row.Id, NpgsqlDbType.Bigint);
                await importer.WriteAsync(row.CustomerId, NpgsqlDbType.Integer);
                await importer.WriteAsync(row.Body, NpgsqlDbType.Text);
                await importer.WriteAsync(row.ReviewedAt, NpgsqlDbType.TimestampTz);
            }

            await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
    }
}
