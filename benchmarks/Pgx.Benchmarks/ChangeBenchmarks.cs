using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Benchmarks;

/// <summary>
/// One change per operation, one client, on the trigger-routed table, over keys sampled from the existing rows: the
/// generated <c>UpdateAsync</c>, <c>UpsertAsync</c> and <c>DeleteAsync</c> against the same statement written by hand
/// against the same child (prepared, the same pooled data source) and against the natural hand-written statement
/// through the parent. Deletes run in a transaction that is rolled back, so every recipe deletes an existing row and
/// pays the same BEGIN and ROLLBACK.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ChangeBenchmarks
{
    private const int Sample = 10_000;

    private NpgsqlDataSource _db = null!;
    private TriggerRowRepository _trigger = null!;
    private (long Id, int P)[] _keys = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchmarkDatabase.Open();
        _trigger = new TriggerRowRepository(_db);
        var keys = new List<(long, int)>(Sample);
        using var command = _db.CreateCommand($"SELECT id, p FROM trig ORDER BY random() LIMIT {Sample}");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add((reader.GetInt64(0), reader.GetInt32(1)));
        }

        _keys = keys.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    private (long Id, int P) NextKey() => _keys[_next++ % _keys.Length];

    /// <summary>The baseline: <c>UPDATE ONLY child SET value = $3 WHERE id = $1 AND p = $2 RETURNING …</c> by hand.</summary>
    [Benchmark(Baseline = true)]
    public Task<string?> HandChildUpdate()
    {
        var (id, p) = NextKey();
        return RunAsync($"UPDATE ONLY trig_{p:00} SET value = $3 WHERE id = $1 AND p = $2 RETURNING id, p, value", id, p, "updated");
    }

    /// <summary>The generated update: the same statement, the child computed in C#.</summary>
    [Benchmark]
    public async Task<string?> PgxUpdateAsync()
    {
        var (id, p) = NextKey();
        return (await _trigger.UpdateAsync(new TriggerRow(id, p, "updated")))?.Value;
    }

    /// <summary>The natural statement: <c>UPDATE trig SET value = $2 WHERE id = $1 RETURNING …</c> through the parent.</summary>
    [Benchmark]
    public Task<string?> HandParentUpdate()
    {
        var (id, _) = NextKey();
        return RunAsync("UPDATE trig SET value = $2 WHERE id = $1 RETURNING id, p, value", id, null, "updated");
    }

    /// <summary><c>INSERT INTO child … ON CONFLICT (id) DO UPDATE … RETURNING …</c> by hand, on existing keys.</summary>
    [Benchmark]
    public Task<string?> HandChildUpsert()
    {
        var (id, p) = NextKey();
        return RunAsync($"INSERT INTO trig_{p:00} (id, p, value) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET p = EXCLUDED.p, value = EXCLUDED.value RETURNING id, p, value", id, p, "upserted");
    }

    /// <summary>The generated upsert, on existing keys.</summary>
    [Benchmark]
    public async Task<string?> PgxUpsertAsync()
    {
        var (id, p) = NextKey();
        return (await _trigger.UpsertAsync(new TriggerRow(id, p, "upserted"))).Value;
    }

    /// <summary><c>DELETE FROM ONLY child WHERE id = $1 AND p = $2</c> by hand, rolled back.</summary>
    [Benchmark]
    public Task<bool> HandChildDelete()
    {
        var (id, p) = NextKey();
        return DeleteAsync($"DELETE FROM ONLY trig_{p:00} WHERE id = $1 AND p = $2", id, p);
    }

    /// <summary>The generated delete, rolled back.</summary>
    [Benchmark]
    public async Task<bool> PgxDeleteAsync()
    {
        var (id, p) = NextKey();
        await using var connection = await _db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var deleted = await new TriggerRowRepository(connection, transaction).DeleteAsync(id, p);
        await transaction.RollbackAsync();
        return deleted;
    }

    /// <summary>The natural statement: <c>DELETE FROM trig WHERE id = $1</c> through the parent, rolled back.</summary>
    [Benchmark]
    public Task<bool> HandParentDelete()
    {
        var (id, _) = NextKey();
        return DeleteAsync("DELETE FROM trig WHERE id = $1", id, null);
    }

    private async Task<string?> RunAsync(string sql, long id, int? p, string value)
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        AddKey(command, id, p);
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value });
        await command.PrepareAsync();
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetString(2) : null;
    }

    private async Task<bool> DeleteAsync(string sql, long id, int? p)
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        AddKey(command, id, p);
        await command.PrepareAsync();
        var deleted = await command.ExecuteNonQueryAsync() > 0;
        await transaction.RollbackAsync();
        return deleted;
    }

    private static void AddKey(NpgsqlCommand command, long id, int? p)
    {
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = id });
        if (p is { } partition)
        {
            command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = partition });
        }
    }
}
