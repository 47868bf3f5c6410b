using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// Repositories behind PgBouncer 1.18 in transaction mode, which hands each transaction (each statement, outside
/// one) to whichever server connection is free and knows nothing of prepared statements. Prepared there, a second
/// client's first statement fails (42P05: its name, <c>_p1</c>, already exists on that server), and a statement
/// that lands on another server fails (26000) or runs another client's statement of the same name.
/// </summary>
public sealed class PoolerTests : IClassFixture<PoolerFixture>
{
    private readonly PoolerFixture _db;

    public PoolerTests(PoolerFixture db) => _db = db;

    [Fact]
    public async Task Two_clients_find_and_insert_their_own_rows_while_the_pooler_moves_them_between_servers()
    {
        var (first, second) = await OneRowInEachChildAsync("pooled");
        await using var a = await _db.DataSource.OpenConnectionAsync();
        await using var b = await _db.DataSource.OpenConnectionAsync();
        var ra = new TRepository(a);
        var rb = new TRepository(b);

        Assert.Equal(first, await ra.FindAsync(first.Id, 1));
        Assert.Equal(second, await rb.FindAsync(second.Id, 2));

        // A third client holds one server connection in its transaction, so every statement of a and b goes to the other.
        await using var c = await _db.DataSource.OpenConnectionAsync();
        await using (await HoldOneServerAsync(c))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(first, await ra.FindAsync(first.Id, 1));
                Assert.Equal(second, await rb.FindAsync(second.Id, 2));
                var fromA = await ra.InsertAsync(new T(0, 2, "pooled a"));
                var fromB = await rb.InsertManyAsync(new[] { new T(0, 1, "pooled b"), new T(0, 2, "pooled b") });
                Assert.Equal(fromA, await rb.FindAsync(fromA.Id, 2));
                Assert.Equal(fromB[0], await ra.FindAsync(fromB[0].Id, 1));
            }
        }

        Assert.Equal(new[] { "t1", "t2" }, await _db.Direct.ColumnAsync("SELECT DISTINCT tableoid::regclass::text FROM t WHERE value LIKE 'pooled%' AND (tableoid::regclass::text = 't1') = (p = 1) ORDER BY 1"));
        Assert.Equal(11L, await _db.Direct.ScalarAsync<long>("SELECT count(*) FROM t WHERE value LIKE 'pooled%'"));
    }

    [Fact]
    public async Task A_client_never_runs_another_clients_statement_of_the_same_name()
    {
        var (first, second) = await OneRowInEachChildAsync("same name");
        await using var a = await _db.DataSource.OpenConnectionAsync();
        await using var b = await _db.DataSource.OpenConnectionAsync();
        await using var c = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(first, await new TRepository(a).FindAsync(first.Id, 1)); // prepared, it would be a's _p1: the lookup in t1

        await using var pinned = await HoldOneServerAsync(c); // the server a used

        Assert.Equal(second, await new TRepository(b).FindAsync(second.Id, 2)); // prepared, b's _p1 on the other server: the lookup in t2
        Assert.Equal(first, await new TRepository(a).FindAsync(first.Id, 1)); // prepared, a would run b's _p1 and find nothing
    }

    [Fact]
    public async Task Behind_the_pooler_no_statement_is_left_prepared_on_any_server()
    {
        var repository = new EventRepository(_db.DataSource);
        var stored = await repository.InsertAsync(new Event(0, new System.DateTimeOffset(2026, 11, 5, 0, 0, 0, System.TimeSpan.Zero), System.Guid.NewGuid(), 1.5, "pooled"));
        Assert.Equal(stored, await repository.FindAsync(stored.Id, stored.OccurredAt));
        await repository.InsertManyAsync(new[] { stored with { Note = "pooled batch" } });

        Assert.Empty(await PreparedOnEveryServerAsync(_db.DataSource));
    }

    [Fact]
    public async Task Behind_a_session_mode_pooler_statements_are_not_prepared_either()
    {
        // Pgx cannot tell the pool modes apart (PgxPreparation.Always is for this one).
        await using var bouncer = await PgBouncer.StartAsync(await PostgresServer.SharedAsync(), "session", PoolerFixture.ServerConnections);
        await using var pooled = NpgsqlDataSource.Create(bouncer.Through(_db.DirectConnectionString));
        await using var connection = await pooled.OpenConnectionAsync();

        var stored = await new TRepository(connection).InsertAsync(new T(0, 2, "session mode"));
        Assert.Equal(stored, await new TRepository(connection).FindAsync(stored.Id, 2));

        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements", connection); // the client's own session
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task With_Always_the_repositories_prepare_even_behind_the_pooler()
    {
        // A database of its own: the setting holds for a server (host, port, database, user).
        var server = await PostgresServer.SharedAsync();
        var direct = await server.CreateDatabaseAsync("pooler_always");
        await using (var db = NpgsqlDataSource.Create(direct))
        {
            await PgxSchema.ApplyAsync(db);
        }

        await using var pooled = NpgsqlDataSource.Create(_db.Bouncer.Through(direct));
        PgxPreparedStatements.Set(pooled, PgxPreparation.Always);
        await using (var connection = await pooled.OpenConnectionAsync())
        {
            var stored = await new TRepository(connection).InsertAsync(new T(0, 1, "always"));
            Assert.Equal(stored, await new TRepository(connection).FindAsync(stored.Id, 1));
        }

        Assert.Contains(await PreparedOnEveryServerAsync(pooled), statement => statement.StartsWith("SELECT id, p, value FROM ONLY public.t1", System.StringComparison.Ordinal));
    }

    private async Task<(T First, T Second)> OneRowInEachChildAsync(string value) =>
        (await new TRepository(_db.Direct).InsertAsync(new T(0, 1, value)), await new TRepository(_db.Direct).InsertAsync(new T(0, 2, value)));

    /// <summary>Opens a transaction on <paramref name="client"/> and runs a statement in it: the pooler lends it a server connection until it ends.</summary>
    private static async Task<NpgsqlTransaction> HoldOneServerAsync(NpgsqlConnection client)
    {
        var transaction = await client.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT 1", client, transaction);
        await command.ExecuteScalarAsync();
        return transaction;
    }

    /// <summary>
    /// The statements prepared in every server session of the pooler's pool: one client per server connection holds
    /// a transaction open, so each asks a different server.
    /// </summary>
    private static async Task<List<string>> PreparedOnEveryServerAsync(NpgsqlDataSource pooled)
    {
        var statements = new List<string>();
        var backends = new HashSet<int>();
        var clients = new List<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)>();
        try
        {
            for (var i = 0; i < PoolerFixture.ServerConnections; i++)
            {
                var connection = await pooled.OpenConnectionAsync();
                var transaction = await connection.BeginTransactionAsync();
                clients.Add((connection, transaction));
                await using (var backend = new NpgsqlCommand("SELECT pg_backend_pid()", connection, transaction))
                {
                    backends.Add((int)(await backend.ExecuteScalarAsync())!);
                }

                await using var command = new NpgsqlCommand("SELECT statement FROM pg_prepared_statements", connection, transaction);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    statements.Add(reader.GetString(0));
                }
            }
        }
        finally
        {
            foreach (var (connection, transaction) in clients)
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        }

        Assert.Equal(PoolerFixture.ServerConnections, backends.Count);
        return statements;
    }
}
