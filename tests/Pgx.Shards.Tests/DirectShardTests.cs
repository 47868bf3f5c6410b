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

    [Fact]
    public async Task Hash_rows_inserted_directly_land_in_the_partition_postgres_picks_and_find_reads_that_shard()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "hash");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await using var shards = PgxShardConnections.From(db.Options);
        var events = new EventRepository(db.Coordinator, shards);
        var visits = new VisitRepository(db.Coordinator, shards);
        var userIds = new[] { int.MinValue, -65536, -1, 0, 1, int.MaxValue }.Concat(Enumerable.Range(2, 150)).Concat(Enumerable.Range(1, 50).Select(i => i * -7919)).ToList();
        var countries = new[] { "", " ", "EU", "Zürich", "日本", "😀", "Ελλάδα", "a much longer name than twelve bytes" }.Concat(Enumerable.Range(0, 150).Select(i => "c" + i)).ToList();

        var insertedEvents = new List<Event>();
        foreach (var userId in userIds)
        {
            insertedEvents.Add(await events.InsertAsync(new Event(0, userId, "direct")));
        }

        var insertedVisits = new List<Visit>();
        foreach (var country in countries)
        {
            insertedVisits.Add(await visits.InsertAsync(new Visit(0, country, Noon)));
        }

        // Each row sits in the shard table of the partition PostgreSQL picks for its key: the same partition the
        // coordinator routes that key to in a local twin of the table.
        var eventsOnShards = await ShardPartitionsAsync(db, "events", "user_id", 4);
        Assert.Equal(await TwinPartitionsAsync(db.Coordinator, "events", "integer", 4, userIds.ToArray()), eventsOnShards);
        Assert.Equal(4, eventsOnShards.Values.Distinct().Count());
        var visitsOnShards = await ShardPartitionsAsync(db, "visits", "country", 3);
        Assert.Equal(await TwinPartitionsAsync(db.Coordinator, "visits", "text", 3, countries.ToArray()), visitsOnShards);
        Assert.Equal(3, visitsOnShards.Values.Distinct().Count());
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>(
            "SELECT count(*) FROM events e WHERE NOT satisfies_hash_partition('public.events'::regclass, 4, substr(e.tableoid::regclass::text, 9)::int, e.user_id)"));

        // Through the coordinator, reads and changes go to the partition computed in C# (a foreign table there).
        shards.ThroughCoordinator = true;
        Assert.Equal(insertedVisits[3], await visits.FindAsync(insertedVisits[3].Id, "Zürich"));
        var changed = insertedEvents[^1] with { Kind = "changed" };
        Assert.Equal(changed, await events.UpdateAsync(changed));
        Assert.True(await events.DeleteAsync(insertedEvents[^2].Id, insertedEvents[^2].UserId));
        Assert.Equal(new[] { "changed" }, await db.Coordinator.ColumnAsync("SELECT kind FROM events WHERE id = $1", changed.Id));
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM events WHERE id = $1", insertedEvents[^2].Id));
        insertedEvents[^1] = changed;
        insertedEvents.RemoveAt(insertedEvents.Count - 2);
        shards.ThroughCoordinator = false;

        // Without the coordinator's foreign partitions, only a read on the shard itself can find the rows.
        await db.Coordinator.ExecuteAsync("DROP FOREIGN TABLE events_p0, events_p1, events_p2, events_p3, visits_p0, visits_p1, visits_p2");
        foreach (var row in insertedEvents)
        {
            Assert.Equal(row, await events.FindAsync(row.Id, row.UserId));
        }

        foreach (var row in insertedVisits)
        {
            Assert.Equal(row, await visits.FindAsync(row.Id, row.Country));
        }

        Assert.Null(await events.FindAsync(insertedEvents[0].Id, insertedEvents[0].UserId + 1));
    }

    // Where each direct insert went: key (as text) → remainder of the shard table that holds it (partition i on
    // shard_a for even i, shard_b for odd).
    private static async Task<Dictionary<string, int>> ShardPartitionsAsync(ShardedDatabase db, string table, string keyColumn, int modulus)
    {
        var placed = new Dictionary<string, int>();
        for (var remainder = 0; remainder < modulus; remainder++)
        {
            var shard = remainder % 2 == 0 ? db.ShardA : db.ShardB;
            foreach (var key in await shard.ColumnAsync($"SELECT {keyColumn} FROM {table}_p{remainder}"))
            {
                placed.Add(key, remainder);
            }
        }

        return placed;
    }

    // Where PostgreSQL puts each key: a local table hash-partitioned like the original, filled through the coordinator.
    private static async Task<Dictionary<string, int>> TwinPartitionsAsync(NpgsqlDataSource coordinator, string table, string pgType, int modulus, Array keys)
    {
        await coordinator.ExecuteAsync($"CREATE TABLE {table}_twin (k {pgType}) PARTITION BY HASH (k)");
        for (var remainder = 0; remainder < modulus; remainder++)
        {
            await coordinator.ExecuteAsync($"CREATE TABLE {table}_twin_r{remainder} PARTITION OF {table}_twin FOR VALUES WITH (MODULUS {modulus}, REMAINDER {remainder})");
        }

        await coordinator.ExecuteAsync($"INSERT INTO {table}_twin SELECT unnest($1::{pgType}[])", keys);
        var rows = await coordinator.RowsAsync($"SELECT k, right(tableoid::regclass::text, 1)::int FROM {table}_twin");
        return rows.ToDictionary(r => r[0], r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
