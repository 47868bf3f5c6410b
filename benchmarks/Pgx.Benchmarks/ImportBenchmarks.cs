using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Benchmarks;

/// <summary>
/// Bulk loads into the two children of the trigger-routed <c>pair</c> table, 50,000 rows half each: a hand-written
/// binary COPY into each child (keys from the column default, rows already split by child) against the generated
/// <c>ImportAsync</c> (the same COPYs, after checking and splitting the rows) and <c>InsertManyAsync</c> (which also
/// allocates every key and hands the rows back with them). The rows are built before the timed region.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 2, warmupCount: 2, iterationCount: 12)]
public class ImportBenchmarks
{
    private NpgsqlDataSource _db = null!;
    private PairRowRepository _pair = null!;
    private PairRow[] _rows = null!;
    private PairRow[][] _rowsOfChild = null!;

    /// <summary>Rows per load.</summary>
    [Params(50_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchmarkDatabase.Open();
        _pair = new PairRowRepository(_db);
        _rows = Enumerable.Range(0, Rows).Select(i => new PairRow(0, 1 + (i % 2), "bulk " + i)).ToArray();
        _rowsOfChild = new[] { _rows.Where(r => r.P == 1).ToArray(), _rows.Where(r => r.P == 2).ToArray() };
    }

    /// <summary>
    /// Every load starts from empty children, so no recipe pays for the rows an earlier one left (a larger key index,
    /// more checkpoint and autovacuum work) and the order the recipes run in does not decide the ratio.
    /// </summary>
    [IterationSetup]
    public void Empty()
    {
        using var command = _db.CreateCommand("TRUNCATE pair");
        command.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    /// <summary>The target: one binary COPY per child, in one transaction, keys from the column default, none returned.</summary>
    [Benchmark(Baseline = true)]
    public async Task<ulong> HandWrittenCopyIntoChildren()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        ulong copied = 0;
        for (var child = 0; child < _rowsOfChild.Length; child++)
        {
            await using var importer = await connection.BeginBinaryImportAsync(child == 0 ? "COPY pair_1 (p, value) FROM STDIN (FORMAT BINARY)" : "COPY pair_2 (p, value) FROM STDIN (FORMAT BINARY)");
            foreach (var row in _rowsOfChild[child])
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(row.P, NpgsqlDbType.Integer);
                await importer.WriteAsync(row.Value, NpgsqlDbType.Text);
            }

            copied += await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
        return copied;
    }

    /// <summary>The generated bulk load: rows checked and split by child, then the same COPYs.</summary>
    [Benchmark]
    public Task<long> PgxImportAsync() => _pair.ImportAsync(_rows);

    /// <summary>The generated batch insert: every key allocated first, then COPY per child, rows back with keys.</summary>
    [Benchmark]
    public Task<IReadOnlyList<PairRow>> PgxInsertManyAsync() => _pair.InsertManyAsync(_rows);
}
