using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Benchmarks;

/// <summary>
/// Batches: raw binary COPY into the unpartitioned table (keys from the column default) against the generated
/// <c>InsertManyAsync</c> (keys in one round trip; per child, a COPY for large shares and one batched round trip of
/// <c>unnest</c> inserts for small ones, or one COPY into the declarative parent; one transaction).
/// The rows are built before the timed region; every operation inserts them again.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 2, warmupCount: 2, iterationCount: 12)]
public class BulkBenchmarks
{
    private NpgsqlDataSource _db = null!;
    private TriggerRowRepository _trigger = null!;
    private DeclarativeRowRepository _declarative = null!;
    private PlainRow[] _plainRows = null!;
    private TriggerRow[] _triggerRows = null!;
    private DeclarativeRow[] _declarativeRows = null!;
    private string[] _childCopies = null!;
    private int[][] _rowsOfChild = null!;

    /// <summary>Rows per batch.</summary>
    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchmarkDatabase.Open();
        _trigger = new TriggerRowRepository(_db);
        _declarative = new DeclarativeRowRepository(_db);
        var values = Enumerable.Range(0, Rows).Select(i => (P: 1 + (i % BenchmarkDatabase.Partitions), Value: "bulk " + i)).ToList();
        _plainRows = values.Select(v => new PlainRow(0, v.P, v.Value)).ToArray();
        _triggerRows = values.Select(v => new TriggerRow(0, v.P, v.Value)).ToArray();
        _declarativeRows = values.Select(v => new DeclarativeRow(0, v.P, v.Value)).ToArray();
        _childCopies = Enumerable.Range(0, BenchmarkDatabase.Partitions + 1).Select(p => $"COPY trig_{p:00} (p, value) FROM STDIN (FORMAT BINARY)").ToArray();
        _rowsOfChild = Enumerable.Range(0, BenchmarkDatabase.Partitions + 1).Select(p => Enumerable.Range(0, Rows).Where(i => values[i].P == p).ToArray()).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    /// <summary>The ceiling: one binary COPY into the unpartitioned table, typed writes, keys from the column default.</summary>
    [Benchmark(Baseline = true)]
    public async Task<ulong> RawBinaryCopyUnpartitioned()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync("COPY plain (p, value) FROM STDIN (FORMAT BINARY)");
        foreach (var row in _plainRows)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(row.P, NpgsqlDbType.Integer);
            await importer.WriteAsync(row.Value, NpgsqlDbType.Text);
        }

        return await importer.CompleteAsync();
    }

    /// <summary>
    /// Reference, not a target: what partitioning itself costs. Hand-written binary COPY into the 25 children of
    /// the trigger-routed table (one COPY each, one transaction), keys from the column default, none returned.
    /// </summary>
    [Benchmark]
    public async Task<ulong> RawBinaryCopyTriggerChildren()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        ulong copied = 0;
        for (var p = 1; p <= BenchmarkDatabase.Partitions; p++)
        {
            await using var importer = await connection.BeginBinaryImportAsync(_childCopies[p]);
            foreach (var index in _rowsOfChild[p])
            {
                var row = _plainRows[index];
                await importer.StartRowAsync();
                await importer.WriteAsync(row.P, NpgsqlDbType.Integer);
                await importer.WriteAsync(row.Value, NpgsqlDbType.Text);
            }

            copied += await importer.CompleteAsync();
        }

        await transaction.CommitAsync();
        return copied;
    }

    /// <summary>Reference, not a target: hand-written binary COPY into the declaratively partitioned parent, keys from the default.</summary>
    [Benchmark]
    public async Task<ulong> RawBinaryCopyDeclarativeParent()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync("COPY decl (p, value) FROM STDIN (FORMAT BINARY)");
        foreach (var row in _plainRows)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(row.P, NpgsqlDbType.Integer);
            await importer.WriteAsync(row.Value, NpgsqlDbType.Text);
        }

        return await importer.CompleteAsync();
    }

    /// <summary>The generated batch insert on the trigger-routed table: per child, unnest inserts (all in one round trip) or a COPY.</summary>
    [Benchmark]
    public async Task<IReadOnlyList<TriggerRow>> PgxInsertManyAsyncTrigger() => await _trigger.InsertManyAsync(_triggerRows);

    /// <summary>The generated batch insert on the declaratively partitioned table: one COPY into the parent.</summary>
    [Benchmark]
    public async Task<IReadOnlyList<DeclarativeRow>> PgxInsertManyAsyncDeclarative() => await _declarative.InsertManyAsync(_declarativeRows);
}
