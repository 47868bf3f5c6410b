using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// Statements the repositories prepared on pooled connections, after a migration changes a column's type under them
/// (PostgreSQL refuses them with 0A000, "cached plan must not change result type": Npgsql forgets that statement,
/// but the call fails, once on every physical connection) or after the session lost them (26000: Npgsql never
/// notices, and every later call on that physical connection fails). Every test gets its own database: they alter
/// tables and change settings that hold for a server.
/// </summary>
public sealed class PreparedStatementTests
{
    private static async Task<NpgsqlDataSource> FreshDatabaseAsync()
    {
        var server = await PostgresServer.SharedAsync();
        var db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync(nameof(PreparedStatementTests)));
        await PgxSchema.ApplyAsync(db);
        return db;
    }

    [Fact]
    public async Task FindAsync_on_the_connection_that_prepared_it_works_after_a_column_changes_type()
    {
        await using var db = await FreshDatabaseAsync();
        var repository = new AccountRepository(db);
        var stored = await repository.InsertAsync(new Account(0, "ada", 10));
        Assert.Equal(stored, await repository.FindAsync(stored.Id)); // prepared on the pool's one connection

        await db.ExecuteAsync("ALTER TABLE billing.accounts ALTER COLUMN name TYPE varchar(200)");

        Assert.Equal(stored, await repository.FindAsync(stored.Id));
        Assert.Equal(stored, await repository.FindAsync(stored.Id));
    }

    [Fact]
    public async Task Every_pooled_connection_with_its_own_prepared_copy_works_after_the_key_widens_to_bigint()
    {
        await using var db = await FreshDatabaseAsync();
        var before = await OnThreeConnectionsAsync(db, (repository, i) => repository.InsertAsync(new Account(0, "before " + i, i)));
        var found = await OnThreeConnectionsAsync(db, (repository, i) => repository.FindAsync(before[i].Id));
        Assert.Equal(before, found);

        // InsertAsync's RETURNING id and FindAsync's id column both change type.
        await db.ExecuteAsync("ALTER TABLE billing.accounts ALTER COLUMN id TYPE bigint");

        var after = await OnThreeConnectionsAsync(db, (repository, i) => repository.InsertAsync(new Account(0, "after " + i, i)));
        Assert.Equal(after, await OnThreeConnectionsAsync(db, (repository, i) => repository.FindAsync(after[i].Id)));
        Assert.Equal(before, await OnThreeConnectionsAsync(db, (repository, i) => repository.FindAsync(before[i].Id)));
        Assert.Equal(6L, await db.ScalarAsync<long>("SELECT count(*) FROM billing.accounts"));
    }

    /// <summary>
    /// Runs <paramref name="call"/> on three connections of <paramref name="db"/>'s pool held open at once, so each is
    /// a different physical connection with its own prepared statements; the pool hands the same three out next time.
    /// </summary>
    private static async Task<TResult[]> OnThreeConnectionsAsync<TResult>(NpgsqlDataSource db, System.Func<AccountRepository, int, Task<TResult>> call)
    {
        var connections = new NpgsqlConnection[3];
        for (var i = 0; i < connections.Length; i++)
        {
            connections[i] = await db.OpenConnectionAsync();
        }

        try
        {
            Assert.Equal(3, connections.Select(c => c.ProcessID).Distinct().Count());
            var results = new TResult[connections.Length];
            for (var i = 0; i < connections.Length; i++)
            {
                results[i] = await call(new AccountRepository(connections[i]), i);
            }

            return results;
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task In_the_callers_transaction_the_failure_says_to_run_it_again_and_that_works()
    {
        await using var db = await FreshDatabaseAsync();
        await using var connection = await db.OpenConnectionAsync();
        var stored = await InsertAndFindAsync(new TRepository(connection), 1, "in a transaction");

        await db.ExecuteAsync("ALTER TABLE t ALTER COLUMN value TYPE varchar(200)");

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var error = await Assert.ThrowsAsync<PgxStaleStatementException>(() => new TRepository(connection, transaction).FindAsync(stored.Id, 1));
            Assert.Equal("0A000", error.SqlState);
            Assert.True(error.IsTransient);
            Assert.Contains("FROM ONLY public.t1", error.Statement);
            Assert.Contains("changed type", error.Message);
            Assert.Contains("run the transaction again", error.Message);
            Assert.Contains(error.Statement, error.Message);
            await transaction.RollbackAsync();
        }

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var repository = new TRepository(connection, transaction);
            Assert.Equal(stored, await repository.FindAsync(stored.Id, 1));
            var inserted = await repository.InsertAsync(new T(0, 1, "the retry"));
            await transaction.CommitAsync();
            Assert.Equal(inserted, await new TRepository(db).FindAsync(inserted.Id, 1));
        }
    }

    [Fact]
    public async Task Statements_the_session_lost_are_prepared_again_instead_of_failing_for_good()
    {
        await using var db = await FreshDatabaseAsync();
        await using var connection = await db.OpenConnectionAsync();
        var repository = new TRepository(connection);
        var stored = await InsertAndFindAsync(repository, 2, "discarded");

        await DiscardAllAsync(connection);

        Assert.Equal(stored, await repository.FindAsync(stored.Id, 2));
        var again = await repository.InsertAsync(new T(0, 2, "discarded"));
        Assert.Equal(again, await repository.FindAsync(again.Id, 2));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'discarded'"));
    }

    [Fact]
    public async Task A_batch_with_lost_statements_stores_nothing_until_each_is_prepared_again()
    {
        await using var db = await FreshDatabaseAsync();
        await using var connection = await db.OpenConnectionAsync();
        var repository = new TRepository(connection);
        var rows = Enumerable.Range(0, 20).Select(i => new T(0, 1 + (i % 2), "lost batch")).ToList();
        await repository.InsertManyAsync(rows.Take(4).ToList()); // prepares the key query and both children's inserts
        await db.ExecuteAsync("DELETE FROM t");

        await DiscardAllAsync(connection);

        // The batch runs in its own transaction, which a refused statement aborts: it cannot go on, so it stores nothing
        // and says so. Each statement the session lost fails one call: first the key query, then the children's inserts.
        var keys = await Assert.ThrowsAsync<PgxStaleStatementException>(() => repository.InsertManyAsync(rows));
        Assert.Equal("26000", keys.SqlState);
        Assert.Contains("nextval('public.t_id_seq'", keys.Statement);
        Assert.Contains("nothing of the batch was stored: run the call again", keys.Message);
        var inserts = await Assert.ThrowsAsync<PgxStaleStatementException>(() => repository.InsertManyAsync(rows));
        Assert.Contains("INSERT INTO public.t1 (id, p, value) SELECT * FROM unnest", inserts.Statement);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM t"));

        var stored = await repository.InsertManyAsync(rows);
        Assert.Equal(20L, await db.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'lost batch'"));
        Assert.Equal(stored[19], await repository.FindAsync(stored[19].Id, stored[19].P));
    }

    [Fact]
    public async Task Lost_statements_in_the_callers_transaction_each_fail_one_attempt_of_a_retry_loop()
    {
        await using var db = await FreshDatabaseAsync();
        await using var connection = await db.OpenConnectionAsync();
        var stored = await InsertAndFindAsync(new TRepository(connection), 1, "lost in a transaction");
        await DiscardAllAsync(connection);

        // The caller's retry loop, keyed on IsTransient as retry policies are. Each attempt gets one statement further:
        // the first finds the insert lost, the second the lookup, the third runs.
        var errors = new System.Collections.Generic.List<PgxStaleStatementException>();
        T inserted;
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            try
            {
                var repository = new TRepository(connection, transaction);
                inserted = await repository.InsertAsync(new T(0, 1, "lost in a transaction"));
                Assert.Equal(stored, await repository.FindAsync(stored.Id, 1));
                await transaction.CommitAsync();
                break;
            }
            catch (PgxStaleStatementException error) when (error.IsTransient && errors.Count < 5)
            {
                errors.Add(error);
                await transaction.RollbackAsync();
            }
        }

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("INSERT INTO public.t1 ", errors[0].Statement);
        Assert.StartsWith("SELECT id, p, value FROM ONLY public.t1 ", errors[1].Statement);
        Assert.All(errors, e => Assert.Equal("26000", e.SqlState));
        Assert.All(errors, e => Assert.Contains("run the transaction again", e.Message));
        Assert.Equal(inserted, await new TRepository(db).FindAsync(inserted.Id, 1));
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'lost in a transaction'"));
    }

    [Fact]
    public async Task A_transaction_the_repository_was_not_given_gets_the_same_advice()
    {
        await using var db = await FreshDatabaseAsync();
        await using var connection = await db.OpenConnectionAsync();
        var repository = new TRepository(connection); // no transaction passed in
        var stored = await InsertAndFindAsync(repository, 2, "unannounced");
        await db.ExecuteAsync("ALTER TABLE t ALTER COLUMN value TYPE varchar(200)");

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var error = await Assert.ThrowsAsync<PgxStaleStatementException>(() => repository.FindAsync(stored.Id, 2));
            Assert.Contains("run the transaction again", error.Message);
        }

        Assert.Equal(stored, await repository.FindAsync(stored.Id, 2));
    }

    [Fact]
    public async Task On_a_direct_connection_statements_are_prepared_and_with_Never_they_are_not()
    {
        await using var db = await FreshDatabaseAsync();
        await using (var connection = await db.OpenConnectionAsync())
        {
            await InsertAndFindAsync(new TRepository(connection), 1, "prepared");
            Assert.Equal(2L, await PreparedCountAsync(connection));
        }

        PgxPreparedStatements.Set(db, PgxPreparation.Never);
        await using var other = NpgsqlDataSource.Create(db.ConnectionString); // a new pool: a new session
        await using (var connection = await other.OpenConnectionAsync())
        {
            await InsertAndFindAsync(new TRepository(connection), 2, "unprepared");
            Assert.Equal(0L, await PreparedCountAsync(connection));
        }
    }

    /// <summary>Inserts a row and finds it again: both statements are then prepared on the repository's connection.</summary>
    private static async Task<T> InsertAndFindAsync(TRepository repository, int p, string value)
    {
        var stored = await repository.InsertAsync(new T(0, p, value));
        Assert.Equal(stored, await repository.FindAsync(stored.Id, p));
        return stored;
    }

    private static async Task<long> PreparedCountAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task DiscardAllAsync(NpgsqlConnection connection)
    {
        // What an application's own session reset does, behind Npgsql's back.
        await using var discard = new NpgsqlCommand("DISCARD ALL", connection);
        await discard.ExecuteNonQueryAsync();
    }
}
