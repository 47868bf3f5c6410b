using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Benchmarks;

/// <summary>
/// Batch upserts into the two children of the trigger-routed <c>pair</c> table: half the batch updates rows that exist,
/// half inserts new ones (key 0, so the key comes from the sequence). The generated <c>UpsertManyAsync</c> against the
/// same work written by hand: a binary COPY into a temporary table, then per child either
/// <c>INSERT … SELECT … ON CONFLICT (id) DO UPDATE</c> or <c>MERGE</c>. Every invocation starts from the same table:
/// the existing half loaded with fixed keys and the sequence reset, before the timed region. No job of its own: run it
/// in-process with a fixed count of single loads (benchmarks/RESULTS.md has the command), as BenchmarkDotNet's pilot
/// stage would otherwise run a 100,000-row upsert dozens of times.
/// </summary>
public class UpsertManyBenchmarks
{
    private const string Stage = "CREATE TEMPORARY TABLE stage (id bigint, p integer, value text) ON COMMIT DROP";

    private const string InsertOnConflict =
        "INSERT INTO pair_{0} AS t (id, p, value) SELECT COALESCE(NULLIF(id, 0), nextval('pair_id_seq'::regclass)), p, value FROM stage WHERE p = {0} "
        + "ON CONFLICT (id) DO UPDATE SET p = EXCLUDED.p, value = EXCLUDED.value";

    private const string Merge =
        "MERGE INTO ONLY pair_{0} AS t USING (SELECT * FROM stage WHERE p = {0}) AS s ON t.id = s.id "
        + "WHEN MATCHED THEN UPDATE SET p = s.p, value = s.value "
        + "WHEN NOT MATCHED THEN INSERT (id, p, value) VALUES (COALESCE(NULLIF(s.id, 0), nextval('pair_id_seq'::regclass)), s.p, s.value)";

    private NpgsqlDataSource _db = null!;
    private PairRowRepository _pair = null!;
    private PairRow[] _rows = null!;

    /// <summary>Rows per batch; half of them update stored rows.</summary>
    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchmarkDatabase.Open();
        _pair = new PairRowRepository(_db);
        var existing = Rows / 2;
        _rows = Enumerable.Range(0, Rows).Select(i => new PairRow(i < existing ? i + 1 : 0, 1 + (i % 2), "upserted " + i)).ToArray();
    }

    /// <summary>The stored half (keys 1 … Rows/2) and nothing else; the sequence past them.</summary>
    [IterationSetup]
    public void Reset()
    {
        using var command = _db.CreateCommand(
            "TRUNCATE pair; "
            + $"INSERT INTO pair_1 (id, p, value) SELECT g, 1, 'stored' FROM generate_series(1, {Rows / 2}) g WHERE g % 2 = 1; "
            + $"INSERT INTO pair_2 (id, p, value) SELECT g, 2, 'stored' FROM generate_series(1, {Rows / 2}) g WHERE g % 2 = 0; "
            + $"SELECT setval('pair_id_seq', {Rows}); ANALYZE pair_1; ANALYZE pair_2; CHECKPOINT");
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    /// <summary>The generated batch upsert: rows checked and routed in C#, COPY into a stage, one upsert per child.</summary>
    [Benchmark]
    public Task<long> PgxUpsertManyAsync() => _pair.UpsertManyAsync(_rows);

    /// <summary>By hand: COPY into a temporary table, then <c>INSERT … SELECT … ON CONFLICT</c> per child.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> HandCopyInsertOnConflict() => HandAsync(InsertOnConflict);

    /// <summary>By hand: COPY into a temporary table, then <c>MERGE</c> per child.</summary>
    [Benchmark]
    public Task<int> HandCopyMerge() => HandAsync(Merge);

    private async Task<int> HandAsync(string perChild)
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var stage = new NpgsqlCommand(Stage, connection, transaction))
        {
            await stage.ExecuteNonQueryAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync("COPY stage (id, p, value) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in _rows)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(row.Id, NpgsqlDbType.Bigint);
                await importer.WriteAsync(row.P, NpgsqlDbType.Integer);
                await importer.WriteAsync(row.Value, NpgsqlDbType.Text);
            }

            await importer.CompleteAsync();
        }

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { new NpgsqlBatchCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, perChild, 1)), new NpgsqlBatchCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, perChild, 2)) },
        };
        var written = await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return written;
    }
}
