using System.Data;
using System.Linq;
using System.Threading.Tasks;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>Repositories inside a caller's transaction, on a caller's connection, and under concurrent writers.</summary>
public sealed class RepositoryTransactionTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _db;

    public RepositoryTransactionTests(SchemaFixture db) => _db = db;

    [Fact]
    public async Task Rolling_back_the_callers_transaction_removes_every_row_the_repository_wrote()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var repository = new TRepository(connection, transaction);

        var one = await repository.InsertAsync(new T(0, 1, "rolled back"));
        var many = await repository.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new T(0, 1 + (i % 2), "rolled back")).ToList());

        Assert.Equal(one, await repository.FindAsync(one.Id, 1)); // visible inside the transaction
        Assert.Null(await new TRepository(_db.DataSource).FindAsync(many[0].Id, many[0].P)); // InsertManyAsync did not commit it
        await transaction.RollbackAsync();

        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'rolled back'"));
    }

    [Fact]
    public async Task Committing_the_callers_transaction_keeps_them()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var repository = new EventRepository(connection, transaction);

        var many = await repository.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new Event(0, new System.DateTimeOffset(2026, 10, 2 + i, 0, 0, 0, System.TimeSpan.Zero), System.Guid.NewGuid(), i, "committed")).ToList());
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM telemetry.events WHERE note = 'committed'"));
        await transaction.CommitAsync();

        Assert.Equal(10L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM telemetry.events WHERE note = 'committed'"));
        Assert.Equal(many[3], await new EventRepository(_db.DataSource).FindAsync(many[3].Id, many[3].OccurredAt));
    }

    [Fact]
    public async Task A_closed_connection_is_opened_for_the_call_and_closed_again()
    {
        await using var connection = _db.DataSource.CreateConnection();
        var repository = new TRepository(connection);

        var stored = await repository.InsertAsync(new T(0, 2, "closed connection"));
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(stored, await repository.FindAsync(stored.Id, 2));
        Assert.Equal(ConnectionState.Closed, connection.State);

        await connection.OpenAsync();
        await repository.InsertManyAsync(new[] { new T(0, 1, "closed connection") });
        Assert.Equal(ConnectionState.Open, connection.State); // the caller opened it: the caller closes it
        Assert.Equal(2L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'closed connection'"));
    }

    [Fact]
    public async Task A_transaction_of_another_connection_is_refused()
    {
        await using var first = await _db.DataSource.OpenConnectionAsync();
        await using var second = await _db.DataSource.OpenConnectionAsync();
        await using var transaction = await second.BeginTransactionAsync();

        Assert.Throws<System.ArgumentException>(() => new TRepository(first, transaction));
    }

    [Fact]
    public async Task Eight_concurrent_writers_get_unique_keys_and_every_row_is_stored()
    {
        var repository = new TRepository(_db.DataSource);

        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var rows = new T[200];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = await repository.InsertAsync(new T(0, 1 + ((writer + i) % 2), "concurrent " + writer));
            }

            return rows;
        })).ToList();
        var stored = (await Task.WhenAll(writers)).SelectMany(r => r).ToList();

        Assert.Equal(1600, stored.Count);
        Assert.Equal(1600, stored.Select(r => r.Id).Distinct().Count());
        Assert.Equal(1600L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value LIKE 'concurrent %' AND id = ANY($1)", stored.Select(r => r.Id).ToArray()));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY t"));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value LIKE 'concurrent %' AND (tableoid::regclass::text = 't1') <> (p = 1)"));
    }
}
