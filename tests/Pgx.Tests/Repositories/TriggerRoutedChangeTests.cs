using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// UpdateAsync, MoveAsync, DeleteAsync and UpsertAsync on trigger-routed tables: each statement names the child that
/// holds the row, where the hand-written statement through the parent fails (an UPDATE of the partition key breaks the
/// child's CHECK) or never applies (ON CONFLICT on the parent).
/// </summary>
public sealed class TriggerRoutedChangeTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _db;

    public TriggerRoutedChangeTests(SchemaFixture db) => _db = db;

    [Fact]
    public async Task UpdateAsync_writes_the_child_that_holds_the_row_and_returns_it()
    {
        var repository = new TRepository(_db.DataSource);
        var stored = await repository.InsertAsync(new T(0, 2, "before update"));

        var updated = await repository.UpdateAsync(stored with { Value = "after update" });

        Assert.Equal(stored with { Value = "after update" }, updated);
        Assert.Equal("after update", await _db.DataSource.ScalarAsync<string>("SELECT value FROM ONLY t2 WHERE id = $1", stored.Id));
        Assert.Equal(1L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE id = $1", stored.Id));
        Assert.Null(await repository.UpdateAsync(stored with { P = 1 })); // not in t1
        Assert.Null(await repository.UpdateAsync(new T(-1, 2, "nobody")));
    }

    [Fact]
    public async Task MoveAsync_moves_the_row_to_the_child_its_new_key_selects_keeping_its_key_where_a_plain_update_fails()
    {
        var repository = new TRepository(_db.DataSource);
        var stored = await repository.InsertAsync(new T(0, 1, "to move"));

#pragma warning disable PGX0107 // the UPDATE that the move replaces, run on purpose
        var error = await Assert.ThrowsAsync<PostgresException>(() => _db.DataSource.ExecuteAsync("UPDATE t SET p = 2 WHERE id = $1", stored.Id));
#pragma warning restore PGX0107
        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);

        var moved = await repository.MoveAsync(stored with { P = 2, Value = "moved" }, 1);

        Assert.Equal(new T(stored.Id, 2, "moved"), moved);
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY t1 WHERE id = $1", stored.Id));
        Assert.Equal(1L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY t2 WHERE id = $1", stored.Id));
        Assert.Equal(moved, await repository.FindAsync(stored.Id, 2));
        Assert.Null(await repository.MoveAsync(stored with { P = 2 }, 1)); // no longer in t1
    }

    [Fact]
    public async Task MoveAsync_within_a_child_and_into_the_default_child_of_a_range()
    {
        var repository = new EntryRepository(_db.DataSource);
        var stored = await repository.InsertAsync(new Entry(0, new DateOnly(2025, 3, 1), "acct", 12.5m));

        var sameChild = await repository.MoveAsync(stored with { BookedOn = new DateOnly(2025, 12, 31) }, stored.BookedOn);
        var otherChild = await repository.MoveAsync(sameChild! with { BookedOn = new DateOnly(2031, 1, 1) }, sameChild.BookedOn);

        Assert.Equal(new DateOnly(2025, 12, 31), sameChild.BookedOn);
        Assert.Equal(stored with { BookedOn = new DateOnly(2031, 1, 1) }, otherChild);
        Assert.Equal(new[] { "ledger.entries_other" }, await _db.DataSource.ColumnAsync("SELECT tableoid::regclass::text FROM ledger.entries WHERE id = $1", stored.Id));
    }

    [Fact]
    public async Task Eight_concurrent_movers_keep_every_key_exactly_once()
    {
        var rows = await new TRepository(_db.DataSource).InsertManyAsync(Enumerable.Range(0, 40).Select(_ => new T(0, 1, "contended")).ToList());
        var ids = rows.Select(r => r.Id).ToArray();

        var movers = Enumerable.Range(0, 8).Select(mover => Task.Run(async () =>
        {
            var repository = new TRepository(_db.DataSource);
            var moves = 0;
            for (var round = 0; round < 4; round++)
            {
                foreach (var row in rows)
                {
                    var from = 1 + ((round + mover) % 2);
                    if (await repository.MoveAsync(row with { P = 3 - from, Value = "mover " + mover }, from) is not null)
                    {
                        moves++;
                    }
                }
            }

            return moves;
        })).ToList();
        var moved = await Task.WhenAll(movers);

        Assert.True(moved.Sum() >= rows.Count);
        Assert.Equal(40L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE id = ANY($1)", ids));
        Assert.Equal(40L, await _db.DataSource.ScalarAsync<long>("SELECT count(DISTINCT id) FROM t WHERE id = ANY($1)", ids));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY t WHERE id = ANY($1)", ids));
    }

    [Fact]
    public async Task UpsertAsync_updates_the_existing_row_in_its_child_and_inserts_a_new_one_under_a_new_key()
    {
        var repository = new TRepository(_db.DataSource);
        var stored = await repository.InsertAsync(new T(0, 2, "before upsert"));

        var updated = await repository.UpsertAsync(stored with { Value = "upserted" });
        var inserted = await repository.UpsertAsync(new T(0, 1, "upserted new"));

        Assert.Equal(stored with { Value = "upserted" }, updated);
        Assert.Equal(1L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE id = $1", stored.Id));
        Assert.Equal("upserted", await _db.DataSource.ScalarAsync<string>("SELECT value FROM ONLY t2 WHERE id = $1", stored.Id));
        Assert.NotEqual(0L, inserted.Id);
        Assert.Equal(inserted, await repository.FindAsync(inserted.Id, 1));
        Assert.Equal(new[] { "t1" }, await _db.DataSource.ColumnAsync("SELECT tableoid::regclass::text FROM t WHERE id = $1", inserted.Id));
    }

    [Fact]
    public async Task DeleteAsync_deletes_from_its_child_only()
    {
        var rows = await new TRepository(_db.DataSource).InsertManyAsync(Enumerable.Range(0, 200).Select(i => new T(0, 1 + (i % 2), "delete explain")).ToList());
        var row = rows[1];
        await _db.DataSource.ExecuteAsync("ANALYZE t, t1, t2");

        var (plans, deleted) = await ExecutedPlans.CaptureAsync(_db.DataSource, connection => new TRepository(connection).DeleteAsync(row.Id, row.P));

        Assert.True(deleted);
        var plan = Assert.Single(plans);
        Assert.Contains("DELETE FROM ONLY public.t2 WHERE id = $1 AND p = $2", plan);
        Assert.Equal(new[] { "t2" }, ExecutedPlans.Relations(plan));
        Assert.False(await new TRepository(_db.DataSource).DeleteAsync(row.Id, row.P));
        Assert.Equal(199L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'delete explain'"));
    }

    [Fact]
    public async Task Every_change_runs_in_the_callers_transaction_and_rolls_back_with_it()
    {
        var stored = await new TRepository(_db.DataSource).InsertManyAsync(new[] { new T(0, 1, "kept"), new T(0, 2, "kept"), new T(0, 1, "kept") });
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var repository = new TRepository(connection, transaction);

        Assert.NotNull(await repository.UpdateAsync(stored[0] with { Value = "rolled back" }));
        Assert.NotNull(await repository.MoveAsync(stored[1] with { P = 1, Value = "rolled back" }, 2));
        Assert.True(await repository.DeleteAsync(stored[2].Id, 1));
        var upserted = await repository.UpsertAsync(new T(0, 2, "rolled back"));
        Assert.Equal(upserted, await repository.FindAsync(upserted.Id, 2));
        Assert.Equal(stored[1], await new TRepository(_db.DataSource).FindAsync(stored[1].Id, 2)); // not committed
        await transaction.RollbackAsync();

        var outside = new TRepository(_db.DataSource);
        foreach (var row in stored)
        {
            Assert.Equal(row, await outside.FindAsync(row.Id, row.P));
        }

        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'rolled back'"));
    }

    [Fact]
    public async Task A_partition_key_no_child_holds_fails_before_any_io_naming_table_column_and_value()
    {
        var repository = new TRepository(TriggerRoutedRepositoryTests.Unreachable());
        var nowhere = new T(1, 3, "nowhere");

        foreach (var call in new Func<Task>[] { () => repository.UpdateAsync(nowhere), () => repository.UpsertAsync(nowhere), () => repository.MoveAsync(nowhere, 1) })
        {
            var error = await Assert.ThrowsAsync<PgxPartitionException>(call);
            Assert.Equal(("public.t", "p", (object?)3), (error.Table, error.Column, error.Value));
            Assert.Contains("p = 3", error.Message);
        }

        // Looked up by a partition key no child holds, there is no such row: answered without a query.
        Assert.False(await repository.DeleteAsync(1, 3));
        Assert.Null(await repository.MoveAsync(new T(1, 2, "from nowhere"), 3));
    }

    [Fact]
    public async Task A_cancelled_call_changes_nothing()
    {
        var repository = new TRepository(_db.DataSource);
        var stored = await repository.InsertAsync(new T(0, 1, "not cancelled"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.UpdateAsync(stored with { Value = "cancelled" }, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.MoveAsync(stored with { P = 2 }, 1, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.DeleteAsync(stored.Id, 1, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.UpsertAsync(stored with { Value = "cancelled" }, cancelled.Token));

        Assert.Equal(stored, await repository.FindAsync(stored.Id, 1));
    }

    [Fact]
    public async Task UpsertManyAsync_updates_rows_in_their_children_inserts_new_ones_and_DeleteManyAsync_removes_them()
    {
        var repository = new TRepository(_db.DataSource);
        var stored = await repository.InsertManyAsync(Enumerable.Range(0, 10).Select(i => new T(0, 1 + (i % 2), "batch before")).ToList());
        var batch = stored.Select(r => r with { Value = "batch after" }).Concat(Enumerable.Range(0, 5).Select(i => new T(0, 1 + (i % 2), "batch after"))).ToList();

        Assert.Equal(15L, await repository.UpsertManyAsync(batch));

        Assert.Equal(15L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'batch after'"));
        Assert.Equal(15L, await _db.DataSource.ScalarAsync<long>("SELECT count(DISTINCT id) FROM t WHERE value = 'batch after'"));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'batch before' OR id = 0"));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY t WHERE value = 'batch after'"));
        Assert.Equal(stored[3] with { Value = "batch after" }, await repository.FindAsync(stored[3].Id, stored[3].P));

        var deleted = await repository.DeleteManyAsync(stored.Take(6).Append(new T(stored[7].Id, 3, "no such child")).ToList());

        Assert.Equal(6, deleted);
        Assert.Equal(9L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'batch after'"));
        Assert.NotNull(await repository.FindAsync(stored[7].Id, stored[7].P));
    }

    [Fact]
    public async Task Batches_run_in_the_callers_transaction_twice_and_roll_back_with_it()
    {
        var stored = await new TRepository(_db.DataSource).InsertManyAsync(new[] { new T(0, 1, "batch kept"), new T(0, 2, "batch kept") });
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var repository = new TRepository(connection, transaction);
            Assert.Equal(2L, await repository.UpsertManyAsync(stored.Select(r => r with { Value = "batch rolled back" }).ToList()));
            Assert.Equal(1L, await repository.UpsertManyAsync(new[] { new T(0, 2, "batch rolled back") }));
            Assert.Equal(2, await repository.DeleteManyAsync(stored));
            await transaction.RollbackAsync();
        }

        Assert.Equal(2L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'batch kept' AND id = ANY($1)", stored.Select(r => r.Id).ToArray()));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'batch rolled back'"));
        await Assert.ThrowsAsync<PgxPartitionException>(() => new TRepository(TriggerRoutedRepositoryTests.Unreachable()).UpsertManyAsync(new[] { stored[0], new T(0, 3, "nowhere") }));
    }

    [Fact]
    public async Task Hostile_names_are_quoted_in_every_statement()
    {
        var repository = new WeirdRepository(_db.DataSource);
        var stored = await repository.InsertAsync(new Weird(0, "it's"));

        var moved = await repository.MoveAsync(stored with { Kind = "x\"y" }, "it's");
        var upserted = await repository.UpsertAsync(moved! with { Kind = "x\"y" });

        Assert.Equal(stored with { Kind = "x\"y" }, upserted);
        Assert.Equal(upserted, await repository.UpdateAsync(upserted));
        Assert.Equal(2L, await repository.UpsertManyAsync(new[] { upserted, new Weird(0, "back\\slash") }));
        Assert.True(await repository.DeleteAsync(stored.Id, "x\"y"));
        Assert.Null(await repository.FindAsync(stored.Id, "x\"y"));
        Assert.Equal(1, await repository.DeleteManyAsync(new[] { stored with { Kind = "it's" }, new Weird(stored.Id + 1, "back\\slash") }));
    }
}
