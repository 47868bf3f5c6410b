using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;

namespace Pgx.Shards.Tests;

/// <summary>
/// A partition moving between the coordinator and a server: the model puts a local partition that has rows on a server
/// (orders_eu, which the database still has locally), or makes a foreign partition local again (orders_local, which the
/// database has on shard_a). The plan shows the move before anything runs; the rows arrive whole.
/// </summary>
public sealed class PartitionMoveTests : IClassFixture<ShardClusters>
{
    private const string Checksum = "SELECT count(*) || ' ' || coalesce(md5(string_agg(id || ':' || region || ':' || customer_id || ':' || amount, ',' ORDER BY id)), '') FROM ";
    private const string InsertRows = "INSERT INTO orders (region, customer_id, amount, placed_at) SELECT $1, g, g / 100.0, '2026-11-30 12:00+00' FROM generate_series(1, $2) g";
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly ShardClusters _clusters;

    public PartitionMoveTests(ShardClusters clusters) => _clusters = clusters;

    [Fact]
    public async Task A_local_partition_with_rows_moves_to_its_server_while_four_writers_insert_and_every_row_arrives()
    {
        await using var db = await WithLocalEuAsync("moveout");
        await db.Coordinator.ExecuteAsync(InsertRows, "EU", 3000);
        var before = await db.Coordinator.ScalarAsync<string>(Checksum + "orders_eu");

        var plan = await PgxSchema.PlanAsync(db.Coordinator, db.Options);
        var move = Assert.Single(plan.Steps, s => s.Description.StartsWith("Move partition public.orders_eu to the server shard_a", StringComparison.Ordinal));
        Assert.Equal(PgxHazard.MovesRows, move.Hazards);
        Assert.Contains(plan.Steps, s => s.Description.StartsWith("Stop writes to partition public.orders_eu", StringComparison.Ordinal));
        Assert.Contains(plan.ShardPlans["shard_a"].Steps, s => s.Description.StartsWith("Create table public.orders_eu", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Steps, s => s.Description.StartsWith("Detach partition public.orders_eu", StringComparison.Ordinal));
        Assert.Equal("r", await db.Coordinator.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE oid = 'orders_eu'::regclass")); // planning changed nothing

        // Four writers, EU and LOCAL rows: a write refused while the EU rows move is retried, as the error invites.
        using var stop = new CancellationTokenSource();
        var written = new ConcurrentBag<Order>();
        var refused = new ConcurrentBag<PostgresException>();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var orders = new OrderRepository(db.Coordinator);
            for (var i = 0; !stop.IsCancellationRequested || i < 20; i++)
            {
                var row = new Order(0, i % 2 == 0 ? "EU" : "LOCAL", 100_000 + w * 10_000 + i, i, Noon);
                try
                {
                    written.Add(await orders.InsertAsync(row));
                }
                catch (PostgresException e) when (e.IsTransient)
                {
                    refused.Add(e);
                    i--;
                    await Task.Delay(20);
                }
            }
        })).ToList();

        var report = await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        stop.Cancel();
        await Task.WhenAll(writers);

        Assert.Contains(report.Steps, s => s.Step.Description.StartsWith("Move partition public.orders_eu", StringComparison.Ordinal));
        Assert.Equal("f shard_a", await db.Coordinator.ScalarAsync<string>(
            "SELECT c.relkind::text || ' ' || s.srvname FROM pg_class c JOIN pg_foreign_table f ON f.ftrelid = c.oid JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE c.oid = 'orders_eu'::regclass"));
        var eu = written.Where(o => o.Region == "EU").ToList();
        Assert.Equal(3000 + eu.Count, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu"));
        Assert.Equal(written.Count(o => o.Region == "LOCAL"), await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM orders_local"));
        // The rows arrived unchanged: the same count and checksum on the shard as in the kept local table.
        Assert.Equal(before, await db.ShardA.ScalarAsync<string>(Checksum + "orders_eu WHERE customer_id <= 3000"));
        var kept = (await db.Coordinator.ColumnAsync("SELECT id::text FROM orders_eu_pgx_moved")).Select(long.Parse).ToArray();
        Assert.Equal(await db.Coordinator.ScalarAsync<string>(Checksum + "orders_eu_pgx_moved"), await db.ShardA.ScalarAsync<string>(Checksum + "orders_eu WHERE id = ANY($1)", kept));
        Assert.All(refused, e => Assert.Equal(PostgresErrorCodes.ObjectInUse, e.SqlState));
        Assert.All(refused, e => Assert.Contains("shard_a", e.MessageText));

        // The move is done: nothing left to plan, no drift, no trigger left, and new rows go to shard_a.
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE tgname = 'pgx_moving'"));
        Assert.True((await PgxSchema.PlanAsync(db.Coordinator, db.Options)).IsEmpty);
        Assert.Empty(await PgxSchema.CheckDriftAsync(db.Coordinator, db.Options));
        var after = await new OrderRepository(db.Coordinator).InsertAsync(new Order(0, "EU", 1, 1m, Noon));
        Assert.Equal(1L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu WHERE id = $1", after.Id));
    }

    [Fact]
    public async Task A_move_that_times_out_on_the_parents_lock_rolls_back_writes_resume_locally_and_the_next_apply_moves_it()
    {
        await using var db = await WithLocalEuAsync("movelock");
        await db.Coordinator.ExecuteAsync(InsertRows, "EU", 500);
        var before = await db.Coordinator.ScalarAsync<string>(Checksum + "orders_eu");
        db.Options.LockTimeout = TimeSpan.FromMilliseconds(300);
        db.Options.LockRetries = 2;

        // A reader in an open transaction holds the parent: the swap's ACCESS EXCLUSIVE lock cannot be had.
        await using var reader = await db.Coordinator.OpenConnectionAsync();
        await using var open = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM orders", reader, open))
        {
            await read.ExecuteScalarAsync();
        }

        var apply = PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        // While the move waits, a write to the moving partition is refused with a retryable error naming table, partition, server and value.
        while (!apply.IsCompleted && await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM pg_trigger WHERE tgname = 'pgx_moving' AND tgrelid = 'orders_eu'::regclass") == 0)
        {
            await Task.Delay(10);
        }

        Assert.False(apply.IsCompleted, "the apply gave up before its stop on writes was seen");
        // Straight into the partition: an insert through the parent would queue behind the move's wait for the parent's lock.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.Coordinator.ExecuteAsync("INSERT INTO orders_eu (region, customer_id, amount, placed_at) VALUES ('EU', 9, 9, now())"));
        Assert.Equal(PostgresErrorCodes.ObjectInUse, refused.SqlState);
        Assert.True(refused.IsTransient);
        Assert.Contains("partition public.orders_eu of public.orders is moving to the server shard_a", refused.MessageText);
        Assert.Contains("region = EU", refused.MessageText);

        var failed = await Assert.ThrowsAsync<TimeoutException>(() => apply);
        Assert.Contains("public.orders", failed.Message);
        Assert.Contains("Move partition public.orders_eu", failed.Message);

        // Nothing moved: the partition is local with its rows, the shard's table is empty, and writes work again.
        Assert.Equal("r", await db.Coordinator.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE oid = 'orders_eu'::regclass"));
        Assert.Equal(before, await db.Coordinator.ScalarAsync<string>(Checksum + "orders_eu"));
        Assert.Equal(0L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu"));
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname LIKE 'orders_eu_pgx%'")); // the staging foreign table went with the rollback
        var written = await new OrderRepository(db.Coordinator).InsertAsync(new Order(0, "EU", 10, 10m, Noon));

        await open.RollbackAsync();
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        Assert.Equal(501L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu"));
        Assert.Equal(written, await new OrderRepository(db.Coordinator).FindAsync(written.Id, "EU"));
    }

    [Fact]
    public async Task A_foreign_partition_the_model_makes_local_moves_back_with_its_rows_and_the_server_keeps_its_table()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "moveback");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        // As an earlier model had it: orders_local on shard_a.
        await db.ShardA.ExecuteAsync("CREATE TABLE orders_local (id bigint NOT NULL, region text NOT NULL, customer_id integer NOT NULL, amount numeric NOT NULL, placed_at timestamp with time zone NOT NULL, PRIMARY KEY (id, region))");
        await db.Coordinator.ExecuteAsync("DROP TABLE orders_local");
        await db.Coordinator.ExecuteAsync("CREATE FOREIGN TABLE orders_local PARTITION OF orders FOR VALUES IN ('LOCAL') SERVER shard_a OPTIONS (schema_name 'public', table_name 'orders_local')");
        await db.Coordinator.ExecuteAsync(InsertRows, "LOCAL", 2000);
        var before = await db.ShardA.ScalarAsync<string>(Checksum + "orders_local");

        var plan = await PgxSchema.PlanAsync(db.Coordinator, db.Options);
        var move = Assert.Single(plan.Steps);
        Assert.StartsWith("Move partition public.orders_local back from the server shard_a", move.Description);
        Assert.Equal(PgxHazard.MovesRows | PgxHazard.LongLock, move.Hazards);
        var drift = Assert.Single(await PgxSchema.CheckDriftAsync(db.Coordinator));
        Assert.Equal(PgxDriftKind.PartitionOnOtherServer, drift.Kind);

        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        Assert.Equal("r", await db.Coordinator.ScalarAsync<string>("SELECT relkind::text FROM pg_class WHERE oid = 'orders_local'::regclass"));
        Assert.Equal(before, await db.Coordinator.ScalarAsync<string>(Checksum + "ONLY orders_local"));
        Assert.Equal(before, await db.ShardA.ScalarAsync<string>(Checksum + "orders_local")); // kept on the server
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname LIKE 'orders_local_pgx%'"));
        Assert.True((await PgxSchema.PlanAsync(db.Coordinator, db.Options)).IsEmpty);
        Assert.Empty(await PgxSchema.CheckDriftAsync(db.Coordinator, db.Options));
    }

    /// <summary>The model's databases, except that orders_eu is still a local partition (as an earlier model had it) and shard_a has no table for it.</summary>
    private async Task<ShardedDatabase> WithLocalEuAsync(string hint)
    {
        var db = await ShardedDatabase.CreateAsync(_clusters, hint);
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await db.ShardA.ExecuteAsync("DROP TABLE orders_eu");
        await db.Coordinator.ExecuteAsync("DROP FOREIGN TABLE orders_eu");
        await db.Coordinator.ExecuteAsync("CREATE TABLE orders_eu PARTITION OF orders (CONSTRAINT orders_eu_pkey PRIMARY KEY (id, region)) FOR VALUES IN ('EU')");
        return db;
    }
}
