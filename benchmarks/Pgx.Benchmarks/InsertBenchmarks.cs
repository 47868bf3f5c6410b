using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Npgsql;
using NpgsqlTypes;

namespace Pgx.Benchmarks;

/// <summary>
/// One row per operation, one client: the five usual insert recipes written by hand with Npgsql (prepared statements,
/// the same pooled data source; rows 2 and 3 are the workaround and the fix of "When Your Postgres Database and ORM
/// Collide: Partitioning"), and the generated <c>InsertAsync</c>. Rows rotate over the 25 partitions. Two launches
/// per benchmark, at different times, so a burst of other load on a shared machine weighs less.
/// </summary>
[SimpleJob(launchCount: 2, warmupCount: 3, iterationCount: 20)]
public class InsertBenchmarks
{
    private NpgsqlDataSource _db = null!;
    private TriggerRowRepository _trigger = null!;
    private DeclarativeRowRepository _declarative = null!;
    private string[] _childInserts = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchmarkDatabase.Open();
        _trigger = new TriggerRowRepository(_db);
        _declarative = new DeclarativeRowRepository(_db);
        _childInserts = new string[BenchmarkDatabase.Partitions + 1];
        for (var p = 1; p <= BenchmarkDatabase.Partitions; p++)
        {
            _childInserts[p] = $"INSERT INTO trig_{p:00} (id, p, value) VALUES (nextval('trig_id_seq'::regclass), $1, $2) RETURNING id";
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _db.Dispose();

    private int NextP() => 1 + (_next++ % BenchmarkDatabase.Partitions);

    /// <summary>Row 1: plain <c>INSERT … RETURNING</c> into an unpartitioned table (the ceiling).</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> PlainInsertReturning()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("INSERT INTO plain (p, value) VALUES ($1, $2) RETURNING id", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = NextP() });
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = "plain" });
        await command.PrepareAsync();
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Row 2: the article's workaround. INSERT through the routing trigger, then <c>SELECT … WHERE id = currval(…)</c>,
    /// which cannot use an index and reads every partition.
    /// </summary>
    [Benchmark]
    public async Task<long> CurrvalReadBack()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO trig (p, value) VALUES ($1, $2)", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = NextP() });
            insert.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = "currval" });
            await insert.PrepareAsync();
            await insert.ExecuteNonQueryAsync();
        }

        // The article's slow workaround, measured on purpose: PGX0102 is right about it.
#pragma warning disable PGX0102
        await using var select = new NpgsqlCommand("SELECT id, p, value FROM trig WHERE id = currval('trig_id_seq')", connection);
#pragma warning restore PGX0102
        await select.PrepareAsync();
        await using var reader = await select.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0);
    }

    /// <summary>Row 3: the article's fix. <c>SELECT nextval</c>, INSERT through the trigger, <c>SELECT … WHERE id =</c>: three round trips.</summary>
    [Benchmark]
    public async Task<long> NextvalThreeRoundTrips()
    {
        await using var connection = await _db.OpenConnectionAsync();
        long id;
        await using (var next = new NpgsqlCommand("SELECT nextval('trig_id_seq')", connection))
        {
            await next.PrepareAsync();
            id = (long)(await next.ExecuteScalarAsync())!;
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO trig (id, p, value) VALUES ($1, $2, $3)", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = id });
            insert.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = NextP() });
            insert.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = "three round trips" });
            await insert.PrepareAsync();
            await insert.ExecuteNonQueryAsync();
        }

        await using var select = new NpgsqlCommand("SELECT id, p, value FROM trig WHERE id = $1", connection);
        select.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = id });
        await select.PrepareAsync();
        await using var reader = await select.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0);
    }

    /// <summary>Row 4: declarative partitioning, <c>INSERT … RETURNING</c> through the parent.</summary>
    [Benchmark]
    public async Task<long> DeclarativeInsertReturning()
    {
        await using var connection = await _db.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("INSERT INTO decl (p, value) VALUES ($1, $2) RETURNING id", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = NextP() });
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = "declarative" });
        await command.PrepareAsync();
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Row 5: <c>INSERT INTO &lt;child&gt; (id, …) VALUES (nextval(…), …) RETURNING id</c>, the child known: one statement.</summary>
    [Benchmark]
    public async Task<long> ChildInsertNextvalReturning()
    {
        var p = NextP();
        await using var connection = await _db.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(_childInserts[p], connection);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = p });
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = "child" });
        await command.PrepareAsync();
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The generated repository on the trigger-routed table.</summary>
    [Benchmark]
    public async Task<long> PgxInsertAsyncTrigger() => (await _trigger.InsertAsync(new TriggerRow(0, NextP(), "pgx"))).Id;

    /// <summary>The generated repository on the declaratively partitioned table.</summary>
    [Benchmark]
    public async Task<long> PgxInsertAsyncDeclarative() => (await _declarative.InsertAsync(new DeclarativeRow(0, NextP(), "pgx"))).Id;
}
