using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Generated;

namespace Pgx.Shards.Tests;

/// <summary>
/// <c>InsertManyAsync</c> through the coordinator into a table with partitions on other servers: the rows for a server
/// reach it in postgres_fdw batches (<c>batch_size</c>), not one remote statement per row, as a COPY routed into a
/// foreign partition would send them on PostgreSQL 15.
/// </summary>
public sealed class CoordinatorBatchTests : IClassFixture<ShardClusters>
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly ShardClusters _clusters;

    public CoordinatorBatchTests(ShardClusters clusters) => _clusters = clusters;

    [Fact]
    public async Task A_batch_through_the_coordinator_reaches_the_server_in_batches_not_a_statement_per_row()
    {
        await using var db = await ShardedDatabase.CreateAsync(_clusters, "fdwbatch");
        await PgxSchema.ApplyAsync(db.Coordinator, db.Options);
        await RemoteStatements.CountInsertsIntoAsync(db.ShardA, "orders_eu");

        var orders = new OrderRepository(db.Coordinator); // no shard connections: everything through the coordinator
        var batch = Enumerable.Range(0, 2500).Select(i => new Order(0, i % 5 == 0 ? "LOCAL" : "EU", i, 1m, Noon)).ToArray();
        var stored = await orders.InsertManyAsync(batch);

        Assert.Equal(2000L, await db.ShardA.ScalarAsync<long>("SELECT count(*) FROM orders_eu"));
        Assert.Equal(500L, await db.Coordinator.ScalarAsync<long>("SELECT count(*) FROM orders_local"));
        Assert.Equal(stored.Count, stored.Select(o => o.Id).Distinct().Count());
        // 2,000 rows with the server's BatchSize = 100: 20 remote INSERTs (a COPY on PostgreSQL 15 sent 2,000).
        Assert.Equal(20L, await RemoteStatements.CountAsync(db.ShardA));
    }
}
