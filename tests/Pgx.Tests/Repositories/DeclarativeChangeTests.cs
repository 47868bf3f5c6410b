using System;
using System.Linq;
using System.Threading.Tasks;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// UpdateAsync, MoveAsync, DeleteAsync and UpsertAsync on declarative LIST, RANGE and HASH tables: LIST and RANGE
/// statements name the partition that holds the row; HASH statements name the table with the partition key, and
/// PostgreSQL prunes. A move is one UPDATE through the partitioned table, and PostgreSQL moves the row.
/// </summary>
public sealed class DeclarativeChangeTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _db;

    public DeclarativeChangeTests(SchemaFixture db) => _db = db;

    [Fact]
    public async Task List_update_move_upsert_and_delete()
    {
        var repository = new PaymentRepository(_db.DataSource);
        var stored = await repository.InsertAsync(new Payment(0, "eu", "acme", 10m));

        var updated = await repository.UpdateAsync(stored with { Amount = 20m });
        var moved = await repository.MoveAsync(stored with { Region = "us", Amount = 30m }, "eu");
        var upserted = await repository.UpsertAsync(moved! with { Tenant = "upserted" });
        var inserted = await repository.UpsertAsync(new Payment(0, "eu", "new", 1m));

        Assert.Equal(stored with { Amount = 20m }, updated);
        Assert.Equal(stored with { Region = "us", Amount = 30m }, moved);
        Assert.Equal(moved with { Tenant = "upserted" }, upserted);
        Assert.Equal(new[] { "billing.payments_us" }, await _db.DataSource.ColumnAsync("SELECT tableoid::regclass::text FROM billing.payments WHERE id = $1", stored.Id));
        Assert.NotEqual(0L, inserted.Id);
        Assert.Equal(inserted, await repository.FindAsync(inserted.Id, "eu"));
        Assert.Null(await repository.UpdateAsync(stored)); // it is in payments_us now
        Assert.False(await repository.DeleteAsync(stored.Id, "eu"));
        Assert.True(await repository.DeleteAsync(stored.Id, "us"));
        Assert.Null(await repository.FindAsync(stored.Id, "us"));
        await Assert.ThrowsAsync<PgxPartitionException>(() => new PaymentRepository(TriggerRoutedRepositoryTests.Unreachable()).UpsertAsync(stored with { Region = "fr" }));
    }

    [Fact]
    public async Task Range_move_into_the_default_partition_and_delete_from_one_partition()
    {
        var repository = new EventRepository(_db.DataSource);
        var stored = await repository.InsertManyAsync(Enumerable.Range(0, 50).Select(i => new Event(0, new DateTimeOffset(2026, 10, 1 + (i % 28), 0, 0, 0, TimeSpan.Zero), Guid.NewGuid(), i, "range")).ToList());
        var row = stored[7];
        var later = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var moved = await repository.MoveAsync(row with { OccurredAt = later }, row.OccurredAt);

        Assert.Equal(row with { OccurredAt = later }, moved);
        Assert.Equal(new[] { "telemetry.events_default" }, await _db.DataSource.ColumnAsync("SELECT tableoid::regclass::text FROM telemetry.events WHERE id = $1", row.Id));

        await _db.DataSource.ExecuteAsync("ANALYZE telemetry.events");
        var victim = stored[3];
        var (plans, deleted) = await ExecutedPlans.CaptureAsync(_db.DataSource, connection => new EventRepository(connection).DeleteAsync(victim.Id, victim.OccurredAt));
        Assert.True(deleted);
        Assert.Equal(new[] { "events_2026_10" }, ExecutedPlans.Relations(Assert.Single(plans)));
    }

    [Fact]
    public async Task Hash_update_move_upsert_and_delete_touch_one_partition()
    {
        var repository = new SensorReadingRepository(_db.DataSource);
        var stored = await repository.InsertManyAsync(Enumerable.Range(1, 100).Select(i => new SensorReading(0, i, i)).ToList());
        var partitions = await _db.DataSource.RowsAsync("SELECT id::text, tableoid::regclass::text FROM telemetry.sensor_reading");
        string PartitionOf(long id) => partitions.Single(p => p[0] == id.ToString(System.Globalization.CultureInfo.InvariantCulture))[1];
        var row = stored[10];
        var elsewhere = stored.First(r => PartitionOf(r.Id) != PartitionOf(row.Id));

        var updated = await repository.UpdateAsync(row with { Value = 0.5m });
        Assert.Equal(row with { Value = 0.5m }, updated);
        var moved = await repository.MoveAsync(updated! with { SensorId = elsewhere.SensorId }, row.SensorId);
        Assert.Equal(row with { SensorId = elsewhere.SensorId, Value = 0.5m }, moved);
        Assert.Equal(PartitionOf(elsewhere.Id), await _db.DataSource.ScalarAsync<string>("SELECT tableoid::regclass::text FROM telemetry.sensor_reading WHERE id = $1", row.Id));
        Assert.Equal(moved! with { Value = 7m }, await repository.UpsertAsync(moved with { Value = 7m }));
        Assert.Equal(1L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM telemetry.sensor_reading WHERE id = $1", row.Id));

        await _db.DataSource.ExecuteAsync("ANALYZE telemetry.sensor_reading");
        var victim = stored[20];
        var (plans, deleted) = await ExecutedPlans.CaptureAsync(
            _db.DataSource,
            connection => new SensorReadingRepository(connection).DeleteAsync(victim.Id, victim.SensorId),
            "SET plan_cache_mode = force_generic_plan");
        Assert.True(deleted);
        Assert.Equal(new[] { PartitionOf(victim.Id).Split('.')[1] }, ExecutedPlans.Relations(Assert.Single(plans)));
    }

    [Fact]
    public async Task Batches_on_list_range_and_hash_tables()
    {
        var payments = new PaymentRepository(_db.DataSource);
        var paid = await payments.InsertManyAsync(new[] { new Payment(0, "eu", "batch", 1m), new Payment(0, "us", "batch", 2m) });
        Assert.Equal(3L, await payments.UpsertManyAsync(paid.Select(p => p with { Amount = 9m }).Append(new Payment(0, "us", "batch", 9m)).ToList()));
        Assert.Equal(3L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM billing.payments WHERE tenant = 'batch' AND amount = 9"));

        var events = new EventRepository(_db.DataSource);
        var happened = await events.InsertManyAsync(new[] { new Event(0, new DateTimeOffset(2026, 10, 5, 0, 0, 0, TimeSpan.Zero), Guid.NewGuid(), 1, "batch"), new Event(0, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.NewGuid(), 2, "batch") });
        Assert.Equal(2, await events.DeleteManyAsync(happened));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM telemetry.events WHERE note = 'batch'"));

        var readings = new SensorReadingRepository(_db.DataSource);
        var read = await readings.InsertManyAsync(Enumerable.Range(500, 20).Select(i => new SensorReading(0, i, 1m)).ToList());
        Assert.Equal(20L, await readings.UpsertManyAsync(read.Select(r => r with { Value = 2m }).ToList()));
        Assert.Equal(20L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM telemetry.sensor_reading WHERE sensor_id >= 500 AND sensor_id < 520 AND value = 2"));
        Assert.Equal(20, await readings.DeleteManyAsync(read));
    }

    [Fact]
    public async Task Changes_in_the_callers_transaction_roll_back_with_it()
    {
        var stored = await new PaymentRepository(_db.DataSource).InsertAsync(new Payment(0, "eu", "kept", 5m));
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var repository = new PaymentRepository(connection, transaction);
            Assert.NotNull(await repository.UpdateAsync(stored with { Tenant = "rolled back" }));
            Assert.NotNull(await repository.MoveAsync(stored with { Region = "us" }, "eu"));
            Assert.True(await repository.DeleteAsync(stored.Id, "us"));
            await repository.UpsertAsync(new Payment(0, "us", "rolled back", 1m));
            await transaction.RollbackAsync();
        }

        Assert.Equal(stored, await new PaymentRepository(_db.DataSource).FindAsync(stored.Id, "eu"));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM billing.payments WHERE tenant = 'rolled back'"));
    }
}
