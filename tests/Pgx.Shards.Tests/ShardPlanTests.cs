using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;

namespace Pgx.Shards.Tests;

/// <summary>
/// The servers that hold partitions in the plan and in the apply inside the caller's transaction: PlanAsync shows what
/// each server would get and changes nothing anywhere; the caller's-transaction apply brings the servers' tables first,
/// in their own transactions, and refuses a partition move, which needs transactions of its own.
/// </summary>
public sealed class ShardPlanTests : IClassFixture<ShardClusters>
{
    private const string Tables = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'f')";
    private readonly ShardClusters _clusters;

    public ShardPlanTests(ShardClusters clusters) => _clusters = clusters;

    [Fact]
    public async Task Plan_shows_each_servers_steps_and_changes_nothing_on_any_server()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "plan");

        var plan = await PgxSchema.PlanAsync(db.Coordinator, db.Options);
        Assert.Equal(new[] { "shard_a", "shard_b" }, plan.ShardPlans.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(new[] { "Create table public.events_p0", "Create table public.events_p2", "Create table public.orders_eu", "Create table public.visits_p0", "Create table public.visits_p2" },
            plan.ShardPlans["shard_a"].Steps.Select(s => string.Join(" ", s.Description.Split(' ').Take(3))).OrderBy(d => d, StringComparer.Ordinal));
        Assert.Contains("CREATE TABLE IF NOT EXISTS public.orders_us", plan.ShardPlans["shard_b"].ToSql());
        Assert.Contains("on the server shard_b:", plan.ToString());
        Assert.False(plan.IsEmpty);
        Assert.Equal(0L, await db.ShardA.ScalarAsync<long>(Tables));
        Assert.Equal(0L, await db.ShardB.ScalarAsync<long>(Tables));
        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>(Tables));
        Assert.Empty((await PgxSchema.PlanAsync(db.Coordinator)).ShardPlans); // without options: the coordinator alone

        var report = await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        Assert.Equal(plan.ShardPlans["shard_a"].Steps.Select(s => s.Description), report.ShardPlans["shard_a"].Steps.Select(s => s.Description));
        var again = await PgxSchema.PlanAsync(db.Coordinator, db.Options);
        Assert.True(again.IsEmpty, again.ToString());
        Assert.All(again.ShardPlans.Values, p => Assert.True(p.IsEmpty));
    }

    [Fact]
    public async Task Apply_in_the_callers_transaction_applies_the_servers_first_and_names_a_server_it_has_no_settings_for()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "intx");
        var missing = new PgxApplyOptions();
        missing.ForeignServers["shard_a"] = db.Options.ForeignServers["shard_a"];
        await using (var connection = await db.Coordinator.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PgxSchema.ApplyAsync(connection, transaction, missing));
            Assert.Contains("'shard_b'", refused.Message);
        }

        Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>(Tables));

        await using (var connection = await db.Coordinator.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var report = await PgxSchema.ApplyAsync(connection, transaction, db.Options);
            Assert.Contains(report.ShardPlans["shard_b"].Steps, s => s.Description.StartsWith("Create table public.orders_us", StringComparison.Ordinal));
            // The servers' tables are committed already; the coordinator's wait for the caller.
            Assert.Equal(5L, await db.ShardA.ScalarAsync<long>(Tables)); // events_p0/p2, orders_eu, visits_p0/p2
            Assert.Equal(0L, await db.Coordinator.ScalarAsync<long>(Tables));
            await transaction.CommitAsync();
        }

        var order = await new OrderRepository(db.Coordinator).InsertAsync(new Order(0, "US", 1, 1m, DateTimeOffset.UnixEpoch));
        Assert.Equal(1L, await db.ShardB.ScalarAsync<long>("SELECT count(*) FROM orders_us WHERE id = $1", order.Id));
        Assert.True((await PgxSchema.PlanAsync(db.Coordinator, db.Options)).IsEmpty);
    }

    [Fact]
    public async Task Apply_in_the_callers_transaction_refuses_to_move_a_partition_to_a_server()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "intxmove");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await db.Coordinator.ExecuteAsync("DROP FOREIGN TABLE orders_eu");
        await db.Coordinator.ExecuteAsync("CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('EU')");
        await db.Coordinator.ExecuteAsync("INSERT INTO orders (region, customer_id, amount, placed_at) VALUES ('EU', 1, 1, now())");

        await using var connection = await db.Coordinator.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PgxSchema.ApplyAsync(connection, transaction, db.Options));
        Assert.Contains("Move partition public.orders_eu to the server shard_a", refused.Message);
        Assert.Contains("PgxSchema.ApplyAsync(dataSource)", refused.Message);
    }
}
