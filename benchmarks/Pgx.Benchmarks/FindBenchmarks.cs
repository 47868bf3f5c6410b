using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Benchmarks;

/// <summary>
/// One lookup per operation, one client, over keys sampled from the existing rows: a primary-key lookup on the
/// unpartitioned table against the generated <c>FindAsync</c> on the partitioned ones.
/// </summary>
[SimpleJob(launchCount: 2, warmupCount: 3, iterationCount: 20)]
public class FindBenchmarks
{
    private const int Sample = 10_000;

    private NpgsqlDataSource _db = null!;
    private TriggerRowRepository _trigger = null!;
    private DeclarativeRowRepository _declarative = null!;
    private (long Id, int P)[] _plainKeys = null!;
    private (long Id, int P)[] _triggerKeys = null!;
    private (long Id, int P)[] _declarativeKeys = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchmarkDatabase.Open();
        _trigger = new TriggerRowRepository(_db);
        _declarative = new DeclarativeRowRepository(_db);
        _plainKeys = SampleKeys("plain");
        _triggerKeys = SampleKeys("trig");
        _declarativeKeys = SampleKeys("decl");
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    /// <summary>The ceiling: <c>SELECT … WHERE id = $1</c> on the unpartitioned table's primary key.</summary>
    [Benchmark(Baseline = true)]
    public async Task<string?> PlainPrimaryKeyLookup()
    {
        var key = _plainKeys[_next++ % Sample];
        await using var connection = await _db.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT id, p, value FROM plain WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = key.Id });
        await command.PrepareAsync();
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetString(2) : null;
    }

    /// <summary>The generated lookup on the trigger-routed table: <c>FROM ONLY</c> the one child.</summary>
    [Benchmark]
    public async Task<string?> PgxFindAsyncTrigger()
    {
        var key = _triggerKeys[_next++ % Sample];
        return (await _trigger.FindAsync(key.Id, key.P))?.Value;
    }

    /// <summary>The generated lookup on the declaratively partitioned table: the one partition.</summary>
    [Benchmark]
    public async Task<string?> PgxFindAsyncDeclarative()
    {
        var key = _declarativeKeys[_next++ % Sample];
        return (await _declarative.FindAsync(key.Id, key.P))?.Value;
    }

    private (long Id, int P)[] SampleKeys(string table)
    {
        var keys = new List<(long, int)>(Sample);
        using var command = _db.CreateCommand($"SELECT id, p FROM {table} ORDER BY random() LIMIT {Sample}");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add((reader.GetInt64(0), reader.GetInt32(1)));
        }

        if (keys.Count != Sample)
        {
            throw new System.InvalidOperationException($"{table} has fewer than {Sample} rows: the database was not prepared.");
        }

        return keys.ToArray();
    }
}
