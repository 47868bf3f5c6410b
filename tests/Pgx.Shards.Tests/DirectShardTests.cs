using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;

namespace Pgx.Shards.Tests;

/// <summary>
/// Repositories built with <see cref="PgxShardConnections"/>: a row whose partition is on another server is inserted
/// and found on that server directly, with a key from a block of the coordinator's sequence.
/// </summary>
public sealed class DirectShardTests : IClassFixture<ShardClusters>
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly ShardClusters _clusters;

    public DirectShardTests(ShardClusters clusters) => _clusters = clusters;

    [Fact]
    public async Task A_direct_insert_lands_on_the_owning_shard_the_coordinator_sees_it_and_find_reads_that_shard_alone()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "direct");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await using var shards = PgxShardConnections.From(db.Options);
        var orders = new OrderRepository(db.Coordinator, shards);

        var eu = await orders.InsertAsync(new Order(0, "EU", 7, 12.50m, Noon));
        var us = await orders.InsertAsync(new Order(0, "US", 8, 99m, Noon));
        var local = await orders.InsertAsync(new Order(0, "LOCAL", 9, 1m, Noon));

        Assert.NotEqual(eu.Id, us.Id);
        Assert.Equal(new[] { eu.Id + " 7" }, await db.ShardA.ColumnAsync("SELECT id || ' ' || customer_id FROM orders_eu"));
        Assert.Equal(new[] { us.Id + " 8" }, await db.ShardB.ColumnAsync("SELECT id || ' ' || customer_id FROM orders_us"));
        Assert.Equal(1L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM ONLY orders_local"));
        // The coordinator's foreign partition shows the row written on the shard.
        Assert.Equal(eu.Id, await db.Coordinator.ScalarAsync<long>("SELECT id FROM orders_eu"));
        Assert.Equal(us, await orders.FindAsync(us.Id, "US"));
        Assert.Equal(local, await orders.FindAsync(local.Id, "LOCAL"));

        // Without the coordinator's foreign partition, a read through the coordinator cannot see shard_a's rows:
        // FindAsync still finds the row, so it read shard_a itself.
        await db.Coordinator.ExecuteAsync("DROP FOREIGN TABLE orders_eu");
        Assert.Equal(eu, await orders.FindAsync(eu.Id, "EU"));
        Assert.Null(await orders.FindAsync(eu.Id + 1000, "EU"));
    }

    [Fact]
    public async Task Through_coordinator_sends_rows_through_postgres_fdw_and_an_unreachable_shard_is_named()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "switch");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        // shard_a's direct settings point at a port nobody listens on; the coordinator's own link is fine.
        var broken = new Dictionary<string, ForeignServerOptions>(db.Options.ForeignServers);
        broken["shard_a"] = ForeignServerOptions.FromConnectionString(new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = 1, Database = "shard", Username = "nobody", Timeout = 2 }.ConnectionString);
        await using var shards = new PgxShardConnections(broken);
        var orders = new OrderRepository(db.Coordinator, shards);

        var failed = await Assert.ThrowsAsync<PgxShardUnavailableException>(() => orders.InsertAsync(new Order(0, "EU", 1, 1m, Noon)));
        Assert.Equal(("shard_a", "public.orders", "public.orders_eu"), (failed.Server, failed.Table, failed.Partition));
        Assert.Contains("shard_a", failed.Message);
        Assert.Contains("EU", failed.Message);
        Assert.Equal(0L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu"));

        shards.ThroughCoordinator = true;
        var eu = await orders.InsertAsync(new Order(0, "EU", 2, 2m, Noon));
        Assert.Equal(new[] { eu.Id.ToString() }, await db.ShardA.ColumnAsync("SELECT id::text FROM orders_eu"));
        Assert.Equal(eu, await orders.FindAsync(eu.Id, "EU"));
    }

    [Fact]
    public async Task Keys_stay_unique_across_shards_under_concurrent_direct_and_coordinator_writers()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "keys");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        // Two application instances, each with its own key blocks, and one writer through the coordinator.
        await using var first = PgxShardConnections.From(db.Options);
        await using var second = PgxShardConnections.From(db.Options);
        first.KeyBlockSize = 7;
        second.KeyBlockSize = 5;
        var writers = new[] { new OrderRepository(db.Coordinator, first), new OrderRepository(db.Coordinator, second), new OrderRepository(db.Coordinator) };
        var regions = new[] { "EU", "US", "LOCAL" };

        var inserted = await Task.WhenAll(Enumerable.Range(0, 6).Select(async w =>
        {
            var ids = new List<long>();
            for (var i = 0; i < 40; i++)
            {
                ids.Add((await writers[w % 3].InsertAsync(new Order(0, regions[(w + i) % 3], w, i, Noon))).Id);
            }

            return ids;
        }));

        var all = inserted.SelectMany(ids => ids).ToList();
        Assert.Equal(240, all.Distinct().Count());
        Assert.Equal(240L, await db.Coordinator.ScalarAsync<long>("SELECT count(DISTINCT id) FROM orders"));
        Assert.Equal(
            (await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu")) + (await db.ShardB.ScalarAsync<long>("SELECT count(*) FROM orders_us")),
            await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM orders WHERE region <> 'LOCAL'"));
    }
}
