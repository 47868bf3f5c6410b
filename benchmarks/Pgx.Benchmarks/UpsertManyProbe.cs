using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Benchmarks;

/// <summary>
/// <c>-- upsert-many-probe [rows] [rounds]</c>: why <c>UpsertManyAsync</c> trails the hand-written COPY +
/// <c>INSERT … ON CONFLICT</c> of <see cref="UpsertManyBenchmarks"/>. First the server's own account of each per-child
/// statement (<c>EXPLAIN (ANALYZE, BUFFERS)</c>, rolled back): the generated text on the generated stage, the recipe's
/// text on the recipe's stage. Then the recipes in alternating order, each from the same reset table.
/// </summary>
internal static class UpsertManyProbe
{
    public static async Task RunAsync(int rows, int rounds)
    {
        var benchmark = new UpsertManyBenchmarks { Rows = rows };
        benchmark.Setup();
        await using var db = BenchmarkDatabase.Open();
        var data = Enumerable.Range(0, rows).Select(i => new PairRow(i < rows / 2 ? i + 1 : 0, 1 + (i % 2), "upserted " + i)).ToArray();

        benchmark.Reset();
        await ExplainAsync(db, data, generated: true);
        benchmark.Reset();
        await ExplainAsync(db, data, generated: false);

        var recipes = new (string Name, Func<Task> Run)[]
        {
            ("UpsertManyAsync", benchmark.PgxUpsertManyAsync),
            ("hand-written COPY + INSERT … ON CONFLICT", benchmark.HandCopyInsertOnConflict),
        };
        var times = recipes.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds + 1; round++)
        {
            foreach (var r in round % 2 == 0 ? new[] { 0, 1 } : new[] { 1, 0 })
            {
                benchmark.Reset();
                var clock = Stopwatch.StartNew();
                await recipes[r].Run();
                if (round > 0)
                {
                    times[r].Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }

        for (var r = 0; r < recipes.Length; r++)
        {
            var sorted = times[r].OrderBy(t => t).ToList();
            Console.WriteLine($"| {recipes[r].Name} | {sorted[sorted.Count / 2]:F0} ms | {string.Join(" ", times[r].Select(t => t.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} |");
        }

        benchmark.Cleanup();
    }

    private static async Task ExplainAsync(NpgsqlDataSource db, PairRow[] data, bool generated)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var stage = generated
            ? "CREATE TEMPORARY TABLE pgx_upsert_stage ON COMMIT DROP AS SELECT id, p, value, 0 AS pgx_partition FROM ONLY public.pair WITH NO DATA"
            : "CREATE TEMPORARY TABLE stage (id bigint, p integer, value text) ON COMMIT DROP";
        await using (var command = new NpgsqlCommand(stage, connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync(generated ? "COPY pg_temp.pgx_upsert_stage (id, p, value, pgx_partition) FROM STDIN (FORMAT BINARY)" : "COPY stage (id, p, value) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in data)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(row.Id, NpgsqlDbType.Bigint);
                await importer.WriteAsync(row.P, NpgsqlDbType.Integer);
                await importer.WriteAsync(row.Value, NpgsqlDbType.Text);
                if (generated)
                {
                    await importer.WriteAsync(row.P - 1, NpgsqlDbType.Integer);
                }
            }

            await importer.CompleteAsync();
        }

        var statement = generated
            ? "INSERT INTO public.pair_1 (id, p, value) SELECT COALESCE(NULLIF(id, 0), nextval('public.pair_id_seq'::regclass)), p, value FROM pg_temp.pgx_upsert_stage WHERE pgx_partition = $1 ON CONFLICT (id) DO UPDATE SET p = EXCLUDED.p, value = EXCLUDED.value"
            : "INSERT INTO pair_1 AS t (id, p, value) SELECT COALESCE(NULLIF(id, 0), nextval('pair_id_seq'::regclass)), p, value FROM stage WHERE p = 1 ON CONFLICT (id) DO UPDATE SET p = EXCLUDED.p, value = EXCLUDED.value";
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, SETTINGS) " + statement, connection, transaction);
        if (generated)
        {
            explain.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = 0 });
        }

        Console.WriteLine(generated ? "-- generated statement, generated stage:" : "-- hand-written statement, hand-written stage:");
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine(reader.GetString(0));
        }
    }
}
