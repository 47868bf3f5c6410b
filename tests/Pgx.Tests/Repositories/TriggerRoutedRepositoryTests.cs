using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// The trigger-routed table t through the generated repository: the row comes back with its key, sits in its child
/// and never in the parent, and a value no child accepts is refused before the database is touched.
/// </summary>
public sealed class TriggerRoutedRepositoryTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _db;

    public TriggerRoutedRepositoryTests(SchemaFixture db) => _db = db;

    /// <summary>A repository on a port nothing listens on: any attempt to reach the database fails.</summary>
    internal static NpgsqlConnection Unreachable() => new("Host=127.0.0.1;Port=1;Timeout=2;Username=nobody");

    [Theory]
    [InlineData(1, "t1")]
    [InlineData(2, "t2")]
    public async Task InsertAsync_returns_the_row_with_its_key_and_stores_it_in_its_child_only(int p, string child)
    {
        var repository = new TRepository(_db.DataSource);

        var stored = await repository.InsertAsync(new T(0, p, "hello " + p));

        Assert.True(stored.Id > 0);
        Assert.Equal(new T(stored.Id, p, "hello " + p), stored);
        Assert.Equal(1L, await _db.DataSource.ScalarAsync<long>($"SELECT count(*) FROM ONLY {child} WHERE id = $1 AND value = $2", stored.Id, stored.Value!));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY t WHERE id = $1", stored.Id));
        Assert.Equal(child, await _db.DataSource.ScalarAsync<string>("SELECT tableoid::regclass::text FROM t WHERE id = $1", stored.Id));
    }

    [Fact]
    public async Task Keys_come_from_the_tables_sequence()
    {
        var repository = new TRepository(_db.DataSource);

        var first = await repository.InsertAsync(new T(0, 1, "a"));
        var last = await _db.DataSource.ScalarAsync<long>("SELECT last_value FROM t_id_seq");
        var second = await repository.InsertAsync(new T(0, 2, "b"));

        Assert.Equal(first.Id, last);
        Assert.True(second.Id > first.Id);
    }

    [Fact]
    public async Task A_null_value_round_trips()
    {
        var repository = new TRepository(_db.DataSource);

        var stored = await repository.InsertAsync(new T(0, 2, null));

        Assert.Equal(stored, await repository.FindAsync(stored.Id, 2));
        Assert.Equal(1L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY t2 WHERE id = $1 AND value IS NULL", stored.Id));
    }

    [Fact]
    public async Task A_value_no_child_accepts_fails_before_the_database_is_touched()
    {
        var error = await Assert.ThrowsAsync<PgxPartitionException>(() => new TRepository(Unreachable()).InsertAsync(new T(0, 3, "nowhere")));

        Assert.Equal("public.t", error.Table);
        Assert.Equal("p", error.Column);
        Assert.Equal(3, error.Value);
        Assert.Contains("public.t", error.Message);
        Assert.Contains("p = 3", error.Message);

        var before = await _db.DataSource.ScalarAsync<long>("SELECT last_value FROM t_id_seq");
        await Assert.ThrowsAsync<PgxPartitionException>(() => new TRepository(_db.DataSource).InsertAsync(new T(0, 3, "nowhere")));
        Assert.Equal(before, await _db.DataSource.ScalarAsync<long>("SELECT last_value FROM t_id_seq"));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'nowhere'"));
    }

    [Fact]
    public async Task InsertManyAsync_returns_rows_in_input_order_with_keys_each_in_its_child()
    {
        var rows = Enumerable.Range(0, 1000).Select(i => new T(0, 2 - (i % 3 == 0 ? 1 : 0), "many " + i)).ToList();

        var stored = await new TRepository(_db.DataSource).InsertManyAsync(rows);

        Assert.Equal(rows.Count, stored.Count);
        Assert.Equal(rows.Select(r => (r.P, r.Value)), stored.Select(r => (r.P, r.Value)));
        Assert.Equal(rows.Count, stored.Select(r => r.Id).Distinct().Count());
        var placed = await _db.DataSource.RowsAsync("SELECT tableoid::regclass::text, count(*), bool_and((tableoid::regclass::text = 't1') = (p = 1)) FROM t WHERE value LIKE 'many %' GROUP BY 1 ORDER BY 1");
        Assert.Equal(new[] { "t1|334|True", "t2|666|True" }, placed.Select(r => string.Join("|", r)));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY t"));
        foreach (var row in stored.Take(5))
        {
            Assert.Equal(row, await new TRepository(_db.DataSource).FindAsync(row.Id, row.P));
        }
    }

    [Fact]
    public async Task A_batch_with_one_row_no_child_accepts_stores_nothing()
    {
        var rows = Enumerable.Range(0, 100).Select(i => new T(0, i == 57 ? 9 : 1, "bad batch")).ToList();
        var before = await _db.DataSource.ScalarAsync<long>("SELECT last_value FROM t_id_seq");

        var error = await Assert.ThrowsAsync<PgxPartitionException>(() => new TRepository(_db.DataSource).InsertManyAsync(rows));

        Assert.Equal(9, error.Value);
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'bad batch'"));
        Assert.Equal(before, await _db.DataSource.ScalarAsync<long>("SELECT last_value FROM t_id_seq"));
        await Assert.ThrowsAsync<PgxPartitionException>(() => new TRepository(Unreachable()).InsertManyAsync(rows));
    }

    [Fact]
    public async Task A_batch_the_database_rejects_half_way_stores_nothing()
    {
        // t1's COPY succeeds first; the NUL character then makes t2's COPY fail: t1's rows must go too.
        var rows = Enumerable.Range(0, 50).Select(i => new T(0, 1, "half way")).Append(new T(0, 2, "half\0way")).ToList();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => new TRepository(_db.DataSource).InsertManyAsync(rows));

        Assert.IsNotType<PgxPartitionException>(error);
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value LIKE 'half%'"));
        var next = await new TRepository(_db.DataSource).InsertAsync(new T(0, 1, "after the failure"));
        Assert.Equal(next, await new TRepository(_db.DataSource).FindAsync(next.Id, 1));
    }

    [Fact]
    public async Task Range_routing_follows_the_bounds_and_falls_back_to_the_default_child()
    {
        var repository = new EntryRepository(_db.DataSource);
        var cases = new[]
        {
            (new DateOnly(2025, 1, 1), "ledger.entries_2025"), // from is inclusive
            (new DateOnly(2025, 12, 31), "ledger.entries_2025"),
            (new DateOnly(2026, 1, 1), "ledger.entries_2026"), // to is exclusive
            (new DateOnly(2024, 12, 31), "ledger.entries_other"),
            (new DateOnly(2027, 1, 1), "ledger.entries_other"),
        };

        foreach (var (bookedOn, child) in cases)
        {
            var stored = await repository.InsertAsync(new Entry(0, bookedOn, "cash", 12.5m));

            Assert.Equal(child, await _db.DataSource.ScalarAsync<string>("SELECT tableoid::regclass::text FROM ledger.entries WHERE id = $1", stored.Id));
            Assert.Equal(stored, await repository.FindAsync(stored.Id, bookedOn));
            Assert.Null(await repository.FindAsync(stored.Id, bookedOn.AddYears(5))); // another child: not there
        }

        Assert.Equal(cases.Length, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ledger.entries"));
        Assert.True(await _db.DataSource.ScalarAsync<long>("SELECT last_value FROM ledger.ledger_ids") >= cases.Length);
    }

    [Fact]
    public async Task FindAsync_hits_and_misses()
    {
        var repository = new TRepository(_db.DataSource);
        var stored = await repository.InsertAsync(new T(0, 1, "find me"));

        Assert.Equal(stored, await repository.FindAsync(stored.Id, 1));
        Assert.Null(await repository.FindAsync(stored.Id + 1_000_000, 1)); // no such key
        Assert.Null(await repository.FindAsync(stored.Id, 2)); // the key, but not with that partition key
        Assert.Null(await new TRepository(Unreachable()).FindAsync(stored.Id, 3)); // no child holds p = 3: no query at all
    }

    [Theory]
    [InlineData("it's", "\"Odd Schema\".\"weird_it's\"")]
    [InlineData("back\\slash", "\"Odd Schema\".\"Wéird-Other\"")]
    [InlineData("x\"y", "\"Odd Schema\".\"Wéird-Other\"")]
    public async Task Hostile_names_and_values_go_through_quoted_sql_and_parameters(string kind, string child)
    {
        var repository = new WeirdRepository(_db.DataSource);

        var stored = await repository.InsertAsync(new Weird(0, kind));
        var many = await repository.InsertManyAsync(new[] { new Weird(0, kind), new Weird(0, kind) });

        foreach (var row in many.Append(stored))
        {
            Assert.Equal(child, await _db.DataSource.ScalarAsync<string>("SELECT tableoid::regclass::text FROM \"Odd Schema\".\"Weird \"\"Table\"\"\" WHERE id = $1", row.Id));
            Assert.Equal(row, await repository.FindAsync(row.Id, kind));
        }

        var error = await Assert.ThrowsAsync<PgxPartitionException>(() => repository.InsertAsync(new Weird(0, "nope'; DROP TABLE x; --")));
        Assert.Equal("\"Odd Schema\".\"Weird \"\"Table\"\"\"", error.Table);
        Assert.Equal("select", error.Column);
    }

    [Fact]
    public async Task A_cancelled_batch_stores_nothing()
    {
        using var cancelled = new System.Threading.CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TRepository(_db.DataSource).InsertManyAsync(new[] { new T(0, 1, "cancelled") }, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new TRepository(_db.DataSource).InsertAsync(new T(0, 1, "cancelled"), cancelled.Token));

        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'cancelled'"));
    }

    [Fact]
    public async Task Null_arguments_are_refused()
    {
        var repository = new TRepository(Unreachable());

        await Assert.ThrowsAsync<ArgumentNullException>(() => repository.InsertAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => repository.InsertManyAsync(null!));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => repository.InsertManyAsync(new[] { new T(0, 1, "x"), null! }));
        Assert.Contains("Row 1", error.Message);
        Assert.Empty(await repository.InsertManyAsync(Array.Empty<T>()));
    }
}
