using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;

namespace Pgx.Shards.Tests;

/// <summary>
/// Partitions on other servers, end to end: <c>orders</c> keeps EU rows on shard_a and US rows on shard_b, <c>events</c>
/// spreads its hash partitions over both. Everything is checked on the shards themselves.
/// </summary>
public sealed class ForeignPartitionTests : IClassFixture<ShardClusters>
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly ShardClusters _clusters;

    public ForeignPartitionTests(ShardClusters clusters) => _clusters = clusters;

    [Fact]
    public async Task Apply_creates_each_shards_table_with_the_coordinators_column_types_and_a_second_apply_changes_nothing()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "apply");
        var first = await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        Assert.False(first.ShardPlans["shard_a"].IsEmpty);

        const string columns = """
            SELECT a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
            FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """;
        var coordinator = await db.Coordinator.ColumnAsync(columns, "public.orders");
        Assert.Equal(coordinator, await db.ShardA.ColumnAsync(columns, "public.orders_eu"));
        Assert.Equal(coordinator, await db.ShardB.ColumnAsync(columns, "public.orders_us"));
        Assert.Equal(new[] { "events_p0", "events_p2", "orders_eu", "visits_p0", "visits_p2" }, await db.ShardA.ColumnAsync("SELECT relname::text FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1"));
        Assert.Equal(new[] { "events_p1", "events_p3", "orders_us", "visits_p1" }, await db.ShardB.ColumnAsync("SELECT relname::text FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1"));

        // The key is on each shard's table and each local partition, since the parent can have none.
        Assert.Equal("PRIMARY KEY (id, region)", await db.ShardA.ScalarAsync<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public.orders_eu'::regclass AND contype = 'p'"));
        Assert.Equal("PRIMARY KEY (id, region)", await db.Coordinator.ScalarAsync<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public.orders_local'::regclass AND contype = 'p'"));
        Assert.Equal(
            new[] { "orders_eu shard_a", "orders_us shard_b" },
            await db.Coordinator.ColumnAsync("SELECT c.relname || ' ' || s.srvname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_foreign_table f ON f.ftrelid = c.oid JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE i.inhparent = 'public.orders'::regclass ORDER BY 1"));

        var second = await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        Assert.True(second.Plan.IsEmpty, second.Plan.ToString());
        Assert.All(second.ShardPlans.Values, plan => Assert.True(plan.IsEmpty, plan.ToString()));
        Assert.Empty(await PgxSchema.CheckDriftAsync(db.Coordinator, db.Options));
    }

    [Fact]
    public async Task Rows_inserted_through_the_coordinator_land_on_the_shard_that_owns_their_partition()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "rows");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        var orders = new OrderRepository(db.Coordinator);

        var eu = await orders.InsertAsync(new Order(0, "EU", 7, 12.50m, Noon));
        var us = await orders.InsertAsync(new Order(0, "US", 8, 99m, Noon));
        var local = await orders.InsertAsync(new Order(0, "LOCAL", 9, 1m, Noon));

        Assert.True(eu.Id > 0 && us.Id > eu.Id && local.Id > us.Id); // one sequence, on the coordinator
        Assert.Equal(new[] { eu.Id.ToString() }, await db.ShardA.ColumnAsync("SELECT id::text FROM orders_eu"));
        Assert.Equal(new[] { us.Id.ToString() }, await db.ShardB.ColumnAsync("SELECT id::text FROM orders_us"));
        Assert.Equal(1L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM ONLY orders_local"));
        Assert.Equal(eu, await orders.FindAsync(eu.Id, "EU"));

        var events = new EventRepository(db.Coordinator);
        await events.InsertManyAsync(Enumerable.Range(1, 200).Select(i => new Event(0, i, "click")).ToList());
        var onA = await db.ShardA.ScalarAsync<long>("SELECT (SELECT count(*) FROM events_p0) + (SELECT count(*) FROM events_p2)");
        var onB = await db.ShardB.ScalarAsync<long>("SELECT (SELECT count(*) FROM events_p1) + (SELECT count(*) FROM events_p3)");
        Assert.Equal(200L, onA + onB);
        Assert.True(onA > 0 && onB > 0, $"shard_a {onA}, shard_b {onB}");

        // Each row is on the shard of the partition PostgreSQL's hash picks for it.
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>(
            "SELECT count(*) FROM events e WHERE NOT satisfies_hash_partition('public.events'::regclass, 4, substr(e.tableoid::regclass::text, 9)::int, e.user_id)"));
    }

    [Fact]
    public async Task A_cross_shard_aggregate_scans_the_shards_asynchronously_and_filters_and_aggregates_run_on_the_shard()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "explain");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await new EventRepository(db.Coordinator).InsertManyAsync(Enumerable.Range(1, 50).Select(i => new Event(0, i, "view")).ToList());

        var plan = string.Join("\n", await db.Coordinator.ColumnAsync("EXPLAIN (COSTS OFF) SELECT kind, count(*) FROM events GROUP BY kind"));
        Assert.Contains("Async Foreign Scan on events_p0", plan);
        Assert.Contains("Async Foreign Scan on events_p1", plan);

        // The filter always runs on the shard; the aggregate does once the planner may aggregate per partition.
        const string query = "EXPLAIN (VERBOSE, COSTS OFF) SELECT region, count(*), sum(amount) FROM orders WHERE customer_id = 7 GROUP BY region";
        var filtered = string.Join("\n", await db.Coordinator.ColumnAsync(query));
        Assert.Contains("Remote SQL: SELECT region, amount FROM public.orders_eu WHERE ((customer_id = 7))", filtered);
        var aggregated = string.Join("\n", await db.Coordinator.ColumnAsync("SET enable_partitionwise_aggregate = on; " + query));
        Assert.True(aggregated.Contains("Remote SQL: SELECT region, count(*), sum(amount) FROM public.orders_eu WHERE ((customer_id = 7)) GROUP BY 1", StringComparison.Ordinal), aggregated);
        Assert.Contains("Remote SQL: SELECT region, count(*), sum(amount) FROM public.orders_us WHERE ((customer_id = 7)) GROUP BY 1", aggregated);
    }

    [Fact]
    public async Task On_conflict_with_a_target_fails_and_a_bare_do_nothing_lets_the_shards_key_decide()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "conflict");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        var eu = await new OrderRepository(db.Coordinator).InsertAsync(new Order(0, "EU", 7, 1m, Noon));

        // What PGX0108 says: the parent has no unique index for a conflict target to infer.
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.Coordinator.ExecuteAsync(
            "INSERT INTO orders (id, region, customer_id, amount, placed_at) VALUES ($1, 'EU', 7, 2, now()) ON CONFLICT (id, region) DO UPDATE SET amount = excluded.amount", eu.Id));
        Assert.Equal(PostgresErrorCodes.InvalidColumnReference, error.SqlState);

        // A bare DO NOTHING reaches the shard, whose key skips the duplicate.
        Assert.Equal(0, await db.Coordinator.ExecuteAsync(
            "INSERT INTO orders (id, region, customer_id, amount, placed_at) VALUES ($1, 'EU', 7, 2, now()) ON CONFLICT DO NOTHING", eu.Id));
        Assert.Equal(1m, await db.ShardA.ScalarAsync<decimal>("SELECT sum(amount) FROM orders_eu"));
    }

    [Fact]
    public async Task Column_drift_on_a_shard_is_reported_naming_the_shard_table_and_column_and_apply_puts_a_missing_column_back()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "drift");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await db.ShardA.ExecuteAsync("ALTER TABLE orders_eu ALTER COLUMN customer_id TYPE bigint");

        var drift = Assert.Single(await PgxSchema.CheckDriftAsync(db.Coordinator, db.Options));
        Assert.Equal(("shard_a", "public.orders_eu", "customer_id", PgxDriftKind.TypeDiffers, "integer", "bigint"), (drift.Server, drift.Table, drift.Column, drift.Kind, drift.Expected, drift.Actual));
        Assert.Contains("shard_a", drift.ToString());
        Assert.Empty(await PgxSchema.CheckDriftAsync(db.Coordinator)); // the coordinator itself is as modelled

        // A column the model has and the databases lack (as after adding a property): apply adds it on the shard's
        // table and, through the parent, on the foreign partitions.
        await db.ShardB.ExecuteAsync("ALTER TABLE events_p1 DROP COLUMN kind");
        await db.Coordinator.ExecuteAsync("ALTER TABLE events DROP COLUMN kind");
        await db.ShardA.ExecuteAsync("ALTER TABLE orders_eu ALTER COLUMN customer_id TYPE integer");
        var report = await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        Assert.Contains(report.ShardPlans["shard_b"].Steps, s => s.Description.StartsWith("Add column public.events_p1.kind text", StringComparison.Ordinal));
        Assert.Equal("kind text", await db.ShardB.ScalarAsync<string>("SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'events_p1'::regclass AND attname = 'kind'"));
        Assert.Equal(4L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM pg_attribute a JOIN pg_foreign_table f ON f.ftrelid = a.attrelid WHERE a.attname = 'kind' AND NOT a.attisdropped"));
        await new EventRepository(db.Coordinator).InsertManyAsync(Enumerable.Range(1, 20).Select(i => new Event(0, i, "after")).ToList());
        Assert.Equal(20L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM events WHERE kind = 'after'"));
        Assert.Empty(await PgxSchema.CheckDriftAsync(db.Coordinator, db.Options));
    }

    [Fact]
    public async Task With_one_shard_stopped_its_rows_fail_naming_it_the_other_shard_works_and_nothing_is_half_written()
    {
        var doomed = await _clusters.StartShardAsync();
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "outage", shardB: doomed);
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        var orders = new OrderRepository(db.Coordinator);
        await orders.InsertAsync(new Order(0, "EU", 1, 1m, Noon));
        await orders.InsertAsync(new Order(0, "US", 2, 2m, Noon));
        NpgsqlConnection.ClearAllPools();
        await doomed.DisposeAsync();

        var failed = await Assert.ThrowsAnyAsync<Exception>(() => orders.InsertAsync(new Order(0, "US", 3, 3m, Noon)));
        Assert.Contains("shard_b", failed.Message);

        // A batch with a row for each shard: the shard_b row fails, and the shard_a row is not left behind.
        await Assert.ThrowsAnyAsync<Exception>(() => orders.InsertManyAsync(new[] { new Order(0, "EU", 4, 4m, Noon), new Order(0, "US", 5, 5m, Noon) }));
        Assert.Equal(1L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu"));

        // The other shard still takes rows and answers reads.
        var eu = await orders.InsertAsync(new Order(0, "EU", 6, 6m, Noon));
        Assert.Equal(eu, await orders.FindAsync(eu.Id, "EU"));
        Assert.Equal(2L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM orders WHERE region = 'EU'"));
    }
}
