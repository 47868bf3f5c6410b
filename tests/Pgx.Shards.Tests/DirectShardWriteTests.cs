using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;

namespace Pgx.Shards.Tests;

/// <summary>
/// Updates, deletes and batches of a repository built with <see cref="PgxShardConnections"/>: a row whose partition is
/// on another server is changed on that server directly, and a batch runs on the servers that hold its rows, all or
/// nothing (two-phase commit across several databases, or the coordinator when one of them cannot prepare).
/// </summary>
public sealed class DirectShardWriteTests : IClassFixture<ShardClusters>
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly ShardClusters _clusters;

    public DirectShardWriteTests(ShardClusters clusters) => _clusters = clusters;

    [Fact]
    public async Task Update_and_delete_of_a_row_on_another_server_run_on_that_server()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "change");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await using var shards = PgxShardConnections.From(db.Options);
        var orders = new OrderRepository(db.Coordinator, shards);
        var eu = await orders.InsertAsync(new Order(0, "EU", 7, 1m, Noon));
        var local = await orders.InsertAsync(new Order(0, "LOCAL", 8, 1m, Noon));

        // Without the coordinator's foreign partition nothing through the coordinator reaches shard_a's rows.
        await db.Coordinator.ExecuteAsync("DROP FOREIGN TABLE orders_eu");
        Assert.Equal(eu with { Amount = 42m }, await orders.UpdateAsync(eu with { Amount = 42m }));
        Assert.Equal(new[] { eu.Id + " 42" }, await db.ShardA.ColumnAsync("SELECT id || ' ' || amount FROM orders_eu"));
        Assert.Null(await orders.UpdateAsync(eu with { Id = eu.Id + 1000 }));
        Assert.Equal(local with { Amount = 5m }, await orders.UpdateAsync(local with { Amount = 5m }));

        Assert.False(await orders.DeleteAsync(eu.Id + 1000, "EU"));
        Assert.True(await orders.DeleteAsync(eu.Id, "EU"));
        Assert.Equal(0L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu"));
        Assert.True(await orders.DeleteAsync(local.Id, "LOCAL"));
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM orders_local"));
    }

    [Fact]
    public async Task A_batch_over_both_servers_and_the_coordinator_commits_on_each_directly()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "batch2pc");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await NoteWritersAsync(db.ShardA, "orders_eu");
        await NoteWritersAsync(db.ShardB, "orders_us");
        await using var shards = PgxShardConnections.From(db.Options);
        shards.KeyBlockSize = 3;
        var orders = new OrderRepository(db.Coordinator, shards);
        await orders.InsertAsync(new Order(0, "EU", 1, 1m, Noon)); // leaves two keys in the block

        var batch = Enumerable.Range(0, 9).Select(i => new Order(0, new[] { "EU", "US", "LOCAL" }[i % 3], 100 + i, i, Noon)).ToList();
        var stored = await orders.InsertManyAsync(batch);

        Assert.Equal(batch.Select(o => (o.Region, o.CustomerId)), stored.Select(o => (o.Region, o.CustomerId)));
        Assert.Equal(10L, await db.Coordinator.ScalarAsync<long>("SELECT count(DISTINCT id) FROM orders"));
        Assert.Equal(stored.Where(o => o.Region == "EU").Select(o => o.Id + " " + o.CustomerId), await db.ShardA.ColumnAsync("SELECT id || ' ' || customer_id FROM orders_eu WHERE customer_id >= 100 ORDER BY customer_id"));
        Assert.Equal(stored.Where(o => o.Region == "US").Select(o => o.Id + " " + o.CustomerId), await db.ShardB.ColumnAsync("SELECT id || ' ' || customer_id FROM orders_us ORDER BY customer_id"));
        Assert.Equal(3L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM ONLY orders_local"));
        // Written by the repository's own connections, not forwarded by the coordinator's postgres_fdw.
        Assert.Equal(new[] { PgxShardConnections.ApplicationName }, await db.ShardA.ColumnAsync("SELECT DISTINCT app FROM pgx_writers"));
        Assert.Equal(new[] { PgxShardConnections.ApplicationName }, await db.ShardB.ColumnAsync("SELECT DISTINCT app FROM pgx_writers"));
        Assert.Equal(0L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM pg_prepared_xacts"));
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM pg_prepared_xacts"));

        // A batch for one server is one transaction there; DeleteManyAsync takes the same way.
        var usOnly = await orders.InsertManyAsync(new[] { new Order(0, "US", 200, 1m, Noon), new Order(0, "US", 201, 1m, Noon) });
        Assert.Equal(5L, await db.ShardB.ScalarAsync<long>("SELECT count(*) FROM orders_us"));
        await db.Coordinator.ExecuteAsync("DROP FOREIGN TABLE orders_eu, orders_us");
        Assert.Equal(9, await orders.DeleteManyAsync(stored.Where(o => o.Region != "EU").Concat(usOnly).Append(stored[0]).ToList()));
        Assert.Equal(0L, await db.ShardB.ScalarAsync<long>("SELECT count(*) FROM orders_us"));
        Assert.Equal(3L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu"));
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM ONLY orders_local"));
    }

    [Fact]
    public async Task A_batch_that_fails_on_one_server_leaves_nothing_anywhere()
    {
        var doomed = await _clusters.StartShardAsync();
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "batchfail", shardB: doomed);
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await using var shards = PgxShardConnections.From(db.Options);
        var orders = new OrderRepository(db.Coordinator, shards);
        Order[] Mixed(int customer) => new[] { new Order(0, "EU", customer, 1m, Noon), new Order(0, "US", customer, 1m, Noon), new Order(0, "LOCAL", customer, 1m, Noon) };
        await orders.InsertManyAsync(Mixed(1));

        // shard_b refuses at PREPARE TRANSACTION (a deferred constraint trigger fires then), after shard_a has prepared.
        await db.ShardB.ExecuteAsync("""
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'customer % refused', NEW.customer_id; END $$;
            CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON orders_us DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.customer_id = 2) EXECUTE FUNCTION refuse();
            """);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => orders.InsertManyAsync(Mixed(2)));
        Assert.Contains("customer 2 refused", refused.Message);
        await AssertNothingOfCustomerAsync(db, 2);

        // shard_b stopped: its pooled connection breaks mid-batch.
        await doomed.DisposeAsync();
        var down = await Assert.ThrowsAsync<PgxShardUnavailableException>(() => orders.InsertManyAsync(Mixed(3)));
        Assert.Equal(("shard_b", "public.orders", "public.orders_us"), (down.Server, down.Table, down.Partition));
        Assert.Contains("US", down.Message);
        await AssertNothingOfCustomerAsync(db, 3);
        Assert.Equal(1L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu"));
    }

    [Fact]
    public async Task Without_prepared_transactions_a_batch_over_several_servers_goes_through_the_coordinator()
    {
        var plain = await _clusters.StartShardAsync(preparedTransactions: false);
        await using var _ = plain;
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "batchplain", shardB: plain);
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await NoteWritersAsync(db.ShardA, "orders_eu");
        await NoteWritersAsync(db.ShardB, "orders_us");
        await using var shards = PgxShardConnections.From(db.Options);
        var orders = new OrderRepository(db.Coordinator, shards);

        await orders.InsertManyAsync(new[] { new Order(0, "EU", 1, 1m, Noon), new Order(0, "US", 2, 1m, Noon) });
        Assert.Equal(new[] { "postgres_fdw" }, await db.ShardA.ColumnAsync("SELECT DISTINCT app FROM pgx_writers"));
        Assert.Equal(new[] { "postgres_fdw" }, await db.ShardB.ColumnAsync("SELECT DISTINCT app FROM pgx_writers"));

        // One server needs no two-phase commit: the batch runs there directly.
        await orders.InsertManyAsync(new[] { new Order(0, "US", 3, 1m, Noon), new Order(0, "US", 4, 1m, Noon) });
        Assert.Equal(new[] { PgxShardConnections.ApplicationName, "postgres_fdw" }, await db.ShardB.ColumnAsync("SELECT DISTINCT app COLLATE \"C\" FROM pgx_writers ORDER BY 1"));
        Assert.Equal(3L, await db.ShardB.ScalarAsync<long>("SELECT count(*) FROM orders_us"));
    }

    [Fact]
    public async Task Host_and_database_left_out_of_the_options_come_from_the_ForeignServer_attribute()
    {
        // The attributes say Host = "127.0.0.1", DbName = "shard": give each shard such a database, and the options
        // only the port (the clusters' ports are not the default) and the credentials.
        var options = new PgxApplyOptions();
        foreach (var (name, server) in new[] { ("shard_a", _clusters.ShardA), ("shard_b", _clusters.ShardB) })
        {
            await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
            {
                await Sql.ExecuteFormattedAsync(admin, "CREATE DATABASE shard OWNER %I TEMPLATE template0 ENCODING 'UTF8'", ShardClusters.ShardRole);
            }

            options.ForeignServers[name] = new ForeignServerOptions { Port = server.Port, User = ShardClusters.ShardRole, Password = _clusters.ShardPassword };
        }

        await using var coordinator = NpgsqlDataSource.Create(await _clusters.Coordinator.CreateDatabaseAsync("defaults"));
        await PgxSchema.ApplyAsync(coordinator, options);
        await using var shards = PgxShardConnections.From(options);
        var orders = new OrderRepository(coordinator, shards);
        var eu = await orders.InsertAsync(new Order(0, "EU", 7, 1m, Noon));

        await using var shardA = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_clusters.ShardA.ConnectionString) { Database = "shard" }.ConnectionString);
        Assert.Equal(new[] { eu.Id.ToString() }, await shardA.ColumnAsync("SELECT id::text FROM orders_eu"));
        Assert.Equal(eu, await orders.FindAsync(eu.Id, "EU"));
    }

    [Fact]
    public async Task A_repository_in_a_callers_transaction_goes_through_the_coordinator_and_rolls_back_with_it()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "callertx");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await using (var connection = await db.Coordinator.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var orders = new OrderRepository(connection, transaction);
            var eu = await orders.InsertAsync(new Order(0, "EU", 7, 1m, Noon));
            await orders.InsertManyAsync(new[] { new Order(0, "EU", 8, 1m, Noon), new Order(0, "US", 9, 1m, Noon) });
            Assert.Equal(eu, await orders.FindAsync(eu.Id, "EU"));
            Assert.Equal(0L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu")); // not committed anywhere yet
            await transaction.RollbackAsync();
        }

        Assert.Equal(0L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu"));
        Assert.Equal(0L, await db.ShardB.ScalarAsync<long>("SELECT count(*) FROM orders_us"));
    }

    /// <summary>Records the <c>application_name</c> of every session that inserts into <paramref name="table"/>.</summary>
    private static Task NoteWritersAsync(NpgsqlDataSource shard, string table) => Sql.ExecuteFormattedAsync(
        shard,
        """
        CREATE TABLE pgx_writers (app text);
        CREATE FUNCTION pgx_note_writer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.pgx_writers VALUES (current_setting('application_name')); RETURN NULL; END $$;
        CREATE TRIGGER pgx_note_writer AFTER INSERT ON %I FOR EACH ROW EXECUTE FUNCTION pgx_note_writer();
        """,
        table);

    private static async Task AssertNothingOfCustomerAsync(ShardedDatabase db, int customer)
    {
        Assert.Equal(0L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu WHERE customer_id = $1", customer));
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM ONLY orders_local WHERE customer_id = $1", customer));
        Assert.Equal(0L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM pg_prepared_xacts"));
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM pg_prepared_xacts"));
    }
}
