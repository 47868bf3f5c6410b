using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Benchmarks;

/// <summary>
/// <c>-- insert-many-probe</c>: where <c>InsertManyAsync</c>'s time goes for 50,000 rows over the two children of
/// the trigger-routed <c>pair</c> table. Each part of it timed on its own, in the order the generated code runs
/// them — key allocation (two ways of reading the keys), the client-side split (partition of each row, row indexes
/// per child, each row copied with its key), the two COPYs — next to the whole call, <c>ImportAsync</c> and a
/// hand-written COPY into the children. Stopwatch medians, after warm-up, the parts alternating in every round.
/// </summary>
internal static class InsertManyProbe
{
    private const int Rows = 50_000;
    private const int Warmup = 3;
    private const int Measured = 15;

    /// <summary>One row per key, as <c>InsertManyAsync</c> read them before.</summary>
    private const string KeysAsRows = "SELECT nextval('public.pair_id_seq'::regclass) FROM (SELECT generate_series(1, $1)) AS n";

    /// <summary>Every key in one bigint[] value of one row.</summary>
    private const string KeysAsArray = "SELECT array_agg(nextval('public.pair_id_seq'::regclass)) FROM (SELECT generate_series(1, $1)) AS n";

    public static async Task RunAsync()
    {
        await using var db = BenchmarkDatabase.Open();
        var repository = new PairRowRepository(db);
        var rows = Enumerable.Range(0, Rows).Select(i => new PairRow(0, 1 + (i % 2), "probe " + i)).ToArray();
        var parts = new (string Name, Func<Task> Run)[]
        {
            ("keys: one row per key (SELECT nextval … FROM generate_series)", () => KeysAsync(db, KeysAsRows, asArray: false)),
            ("keys: one bigint[] (SELECT array_agg(nextval …))", () => KeysAsync(db, KeysAsArray, asArray: true)),
            ("client-side split: partition, indexes per child, rows with keys", () => { Split(rows); return Task.CompletedTask; }),
            ("two COPYs with the keys (what InsertManyAsync sends)", () => CopyAsync(db, rows, withKeys: true)),
            ("InsertManyAsync, whole call", () => repository.InsertManyAsync(rows)),
            ("ImportAsync, whole call", () => repository.ImportAsync(rows)),
            ("hand-written COPY into the two children, keys from the default", () => CopyAsync(db, rows, withKeys: false)),
        };

        var times = parts.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < Warmup + Measured; round++)
        {
            for (var p = 0; p < parts.Length; p++)
            {
                var clock = Stopwatch.StartNew();
                await parts[p].Run();
                if (round >= Warmup)
                {
                    times[p].Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }

        Console.WriteLine($"{Rows:N0} rows, 2 children, median of {Measured} rounds:");
        for (var p = 0; p < parts.Length; p++)
        {
            Console.WriteLine($"| {parts[p].Name} | {Median(times[p]):F1} ms |");
        }
    }

    private static async Task KeysAsync(NpgsqlDataSource db, string sql, bool asArray)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = Rows });
        await command.PrepareAsync();
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new long[Rows];
        if (asArray)
        {
            await reader.ReadAsync();
            keys = reader.GetFieldValue<long[]>(0);
        }
        else
        {
            var i = 0;
            while (await reader.ReadAsync())
            {
                keys[i++] = reader.GetInt64(0);
            }
        }

        if (keys.Length != Rows || keys[^1] == 0)
        {
            throw new InvalidOperationException("Too few keys.");
        }
    }

    private static PairRow[] Split(PairRow[] rows)
    {
        var partitions = new int[rows.Length];
        var result = new PairRow[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            partitions[i] = rows[i].P == 1 ? 0 : 1;
            result[i] = rows[i] with { Id = i + 1 };
        }

        _ = PgxRepositoryConnection.RowsByPartition(partitions, 2);
        return result;
    }

    private static async Task CopyAsync(NpgsqlDataSource db, PairRow[] rows, bool withKeys)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        long next = withKeys ? await NextBlockAsync(connection, rows.Length) : 0;
        for (var child = 1; child <= 2; child++)
        {
            var columns = withKeys ? "id, p, value" : "p, value";
            await using var importer = await connection.BeginBinaryImportAsync($"COPY pair_{child} ({columns}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                if (row.P != child)
                {
                    continue;
                }

                await importer.StartRowAsync();
                if (withKeys)
                {
                    await importer.WriteAsync(next++, NpgsqlDbType.Bigint);
                }

                await importer.WriteAsync(row.P, NpgsqlDbType.Integer);
                await importer.WriteAsync(row.Value, NpgsqlDbType.Text);
            }

            await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Keys for the COPY-only timing, unique but not from the sequence: the probe times the COPY alone.</summary>
    private static async Task<long> NextBlockAsync(NpgsqlConnection connection, int count)
    {
        await using var command = new NpgsqlCommand("SELECT setval('public.pair_id_seq'::regclass, nextval('public.pair_id_seq'::regclass) + $1)", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = count });
        return (long)(await command.ExecuteScalarAsync(CancellationToken.None))! - count + 1;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
