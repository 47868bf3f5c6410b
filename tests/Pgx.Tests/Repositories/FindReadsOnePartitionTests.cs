using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// FindAsync reads one partition. The plans are those of the statements the repository really runs
/// (<see cref="ExecutedPlans"/>).
/// </summary>
public sealed class FindReadsOnePartitionTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _db;

    public FindReadsOnePartitionTests(SchemaFixture db) => _db = db;

    [Fact]
    public async Task Trigger_routed_find_reads_only_its_child_where_the_currval_recipe_reads_them_all()
    {
        var stored = await new TRepository(_db.DataSource).InsertManyAsync(Enumerable.Range(0, 200).Select(i => new T(0, 1 + (i % 2), "explain")).ToList());
        var row = stored[1];
        await _db.DataSource.ExecuteAsync("ANALYZE t, t1, t2");

        var (plans, found) = await WithPlansAsync(connection => new TRepository(connection).FindAsync(row.Id, row.P));

        Assert.Equal(row, found);
        var plan = Assert.Single(plans);
        Assert.Contains("FROM ONLY public.t2 WHERE id = $1 AND p = $2", plan);
        Assert.Equal(new[] { "t2" }, Relations(plan));

        // The usual workaround, reading the new row back by currval(), for contrast: the same test method sees every partition scanned.
        var (currvalPlans, _) = await WithPlansAsync(async connection =>
        {
#pragma warning disable PGX0102 // the currval() workaround, reproduced on purpose
            await using var command = new NpgsqlCommand("SELECT nextval('t_id_seq'); SELECT * FROM t WHERE id = currval('t_id_seq')", connection);
#pragma warning restore PGX0102
            return await command.ExecuteScalarAsync();
        });
        Assert.Equal(new[] { "t", "t1", "t2" }, Relations(currvalPlans.Last()));
    }

    [Theory]
    [InlineData("2026-10-20T00:00:00+00:00", "telemetry.events_2026_10")]
    [InlineData("2026-11-20T00:00:00+00:00", "telemetry.events_2026_11")]
    [InlineData("2030-01-01T00:00:00+00:00", "telemetry.events_default")]
    public async Task Declarative_range_find_reads_only_its_partition(string occurredAt, string partition)
    {
        var at = DateTimeOffset.Parse(occurredAt, System.Globalization.CultureInfo.InvariantCulture);
        var stored = await new EventRepository(_db.DataSource).InsertAsync(new Event(0, at, Guid.NewGuid(), 1, "explain"));

        var (plans, found) = await WithPlansAsync(connection => new EventRepository(connection).FindAsync(stored.Id, at));

        Assert.Equal(stored, found);
        Assert.Equal(new[] { partition.Split('.')[1] }, Relations(Assert.Single(plans)));
    }

    [Fact]
    public async Task Declarative_list_find_reads_only_its_partition()
    {
        var stored = await new ShopOrderRepository(_db.DataSource).InsertAsync(new ShopOrder(0, "at", 1, OrderStatus.Placed, DateTime.Now, null, null, null, false, 1, 1, 1, Guid.NewGuid(), null, null, null));

        var (plans, found) = await WithPlansAsync(connection => new ShopOrderRepository(connection).FindAsync(stored.Id, "at"));

        Assert.Equal(stored.Customer, found!.Customer);
        Assert.Equal(new[] { "orders_dach" }, Relations(Assert.Single(plans)));
    }

    /// <summary>
    /// HASH partitions are not computed in C#: the lookup names the parent with the partition key, and PostgreSQL
    /// prunes — at plan time with a custom plan, at executor start with a generic plan of the prepared statement.
    /// </summary>
    [Theory]
    [InlineData("force_custom_plan")]
    [InlineData("force_generic_plan")]
    public async Task Hash_find_is_pruned_to_one_partition_with_custom_and_generic_plans(string planCacheMode)
    {
        var stored = await new SensorReadingRepository(_db.DataSource).InsertManyAsync(Enumerable.Range(1, 100).Select(i => new SensorReading(0, i, i)).ToList());
        var row = stored[41];
        var partition = await _db.DataSource.ScalarAsync<string>("SELECT tableoid::regclass::text FROM telemetry.sensor_reading WHERE id = $1", row.Id);

        var (plans, found) = await WithPlansAsync(
            connection => new SensorReadingRepository(connection).FindAsync(row.Id, row.SensorId),
            "SET plan_cache_mode = " + planCacheMode);

        Assert.Equal(row, found);
        var plan = Assert.Single(plans);
        Assert.Equal(new[] { partition.Split('.')[1] }, Relations(plan));
        if (planCacheMode == "force_generic_plan")
        {
            Assert.Contains("Subplans Removed: 3", plan);
        }
    }

    private Task<(List<string> Plans, TResult Result)> WithPlansAsync<TResult>(Func<NpgsqlConnection, Task<TResult>> action, string? setting = null) =>
        ExecutedPlans.CaptureAsync(_db.DataSource, action, setting);

    private static string[] Relations(string plan) => ExecutedPlans.Relations(plan);
}
