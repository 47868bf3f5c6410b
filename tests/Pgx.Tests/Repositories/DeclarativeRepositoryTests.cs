using System;
using System.Linq;
using System.Threading.Tasks;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// Declarative LIST, RANGE and HASH partitions and plain tables through the generated repositories, with every
/// mapped CLR type making the round trip.
/// </summary>
public sealed class DeclarativeRepositoryTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _db;

    public DeclarativeRepositoryTests(SchemaFixture db) => _db = db;

    private static ShopOrder Order(string country, int i = 0) => new(
        0,
        country,
        Total: 1234.5m + i,
        Status: OrderStatus.Paid,
        PlacedAt: new DateTime(2026, 3, 4, 5, 6, 7, 890, DateTimeKind.Unspecified).AddTicks(1230),
        ShipOn: i % 2 == 0 ? new DateOnly(2026, 3, 9) : null,
        ShipAt: i % 2 == 0 ? new TimeOnly(13, 45, 10) : null,
        Receipt: i % 2 == 0 ? new byte[] { 0, 1, 2, 255 } : null,
        Gift: true,
        Lines: 7,
        Weight: 1.25f,
        Score: Math.PI,
        Customer: Guid.NewGuid(),
        Note: i % 2 == 0 ? "it's \"quoted\" \\ back" : null,
        Priority: i % 2 == 0 ? -3 : null,
        Details: i % 2 == 0 ? "{\"gift\": true}" : null);

    /// <summary>Records compare byte[] by reference: compare its contents, and the rest as a record.</summary>
    private static void AssertSameOrder(ShopOrder expected, ShopOrder? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Receipt, actual!.Receipt);
        Assert.Equal(expected with { Receipt = null }, actual with { Receipt = null });
    }

    [Theory]
    [InlineData("se", "shop.orders_nordic")]
    [InlineData("dk", "shop.orders_nordic")]
    [InlineData("ch", "shop.orders_dach")]
    public async Task List_insert_lands_in_its_partition_and_every_type_round_trips(string country, string partition)
    {
        var repository = new ShopOrderRepository(_db.DataSource);

        var even = await repository.InsertAsync(Order(country));
        var odd = await repository.InsertAsync(Order(country, 1));

        foreach (var (row, i) in new[] { (even, 0), (odd, 1) })
        {
            AssertSameOrder(Order(country, i) with { Id = row.Id, Customer = row.Customer }, row);
            Assert.Equal(partition, await _db.DataSource.ScalarAsync<string>("SELECT tableoid::regclass::text FROM shop.orders WHERE id = $1", row.Id));
            AssertSameOrder(row, await repository.FindAsync(row.Id, country));
        }

        Assert.Null(await repository.FindAsync(even.Id, country == "se" ? "de" : "se"));
    }

    [Fact]
    public async Task A_list_value_without_partition_fails_before_the_database_is_touched()
    {
        var error = await Assert.ThrowsAsync<PgxPartitionException>(() => new ShopOrderRepository(TriggerRoutedRepositoryTests.Unreachable()).InsertAsync(Order("fr")));

        Assert.Equal("shop.orders", error.Table);
        Assert.Equal("country", error.Column);
        Assert.Equal("fr", error.Value);
        Assert.Null(await new ShopOrderRepository(TriggerRoutedRepositoryTests.Unreachable()).FindAsync(1, "fr"));

        var batch = Enumerable.Range(0, 20).Select(i => Order(i == 19 ? "fr" : "no", i)).ToList();
        await Assert.ThrowsAsync<PgxPartitionException>(() => new ShopOrderRepository(_db.DataSource).InsertManyAsync(batch));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM shop.orders WHERE country IN ('no', 'fr')"));
    }

    [Fact]
    public async Task List_batch_goes_through_the_parent_and_returns_rows_in_order()
    {
        var rows = Enumerable.Range(0, 500).Select(i => Order(i % 2 == 0 ? "at" : "no", i)).ToList();

        var stored = await new ShopOrderRepository(_db.DataSource).InsertManyAsync(rows);

        Assert.Equal(rows.Select(r => r.Customer), stored.Select(r => r.Customer));
        Assert.Equal(rows.Count, stored.Select(r => r.Id).Distinct().Count());
        var perPartition = await _db.DataSource.RowsAsync("SELECT tableoid::regclass::text, count(*) FROM shop.orders WHERE country IN ('at', 'no') GROUP BY 1 ORDER BY 1");
        Assert.Equal(new[] { "shop.orders_dach|250", "shop.orders_nordic|250" }, perPartition.Select(r => string.Join("|", r)));
        AssertSameOrder(stored[1], await new ShopOrderRepository(_db.DataSource).FindAsync(stored[1].Id, "no"));
        AssertSameOrder(stored[2], await new ShopOrderRepository(_db.DataSource).FindAsync(stored[2].Id, "at"));
    }

    [Theory]
    [InlineData("2026-10-15T12:00:00+00:00", "telemetry.events_2026_10")]
    [InlineData("2026-11-01T00:00:00+00:00", "telemetry.events_2026_11")] // from is inclusive
    [InlineData("2026-11-01T00:30:00+01:00", "telemetry.events_2026_10")] // 23:30 UTC the day before
    [InlineData("2026-12-01T00:00:00+00:00", "telemetry.events_default")] // to is exclusive
    public async Task Range_insert_routes_by_instant_and_find_reads_that_partition(string occurredAt, string partition)
    {
        var repository = new EventRepository(_db.DataSource);
        var at = DateTimeOffset.Parse(occurredAt, System.Globalization.CultureInfo.InvariantCulture);

        var stored = await repository.InsertAsync(new Event(0, at, Guid.NewGuid(), 21.5, null));
        var many = await repository.InsertManyAsync(new[] { new Event(0, at, Guid.NewGuid(), 1, "a"), new Event(0, at.AddTicks(10), Guid.NewGuid(), 2, null) });

        foreach (var row in many.Prepend(stored))
        {
            Assert.Equal(partition, await _db.DataSource.ScalarAsync<string>("SELECT tableoid::regclass::text FROM telemetry.events WHERE id = $1", row.Id));
            var found = await repository.FindAsync(row.Id, row.OccurredAt);
            Assert.Equal(row, found); // DateTimeOffset compares instants
            Assert.Equal(TimeSpan.Zero, found!.OccurredAt.Offset);
        }
    }

    [Fact]
    public async Task Hash_insert_lands_where_postgres_hashes_it()
    {
        var repository = new SensorReadingRepository(_db.DataSource);

        var one = await repository.InsertAsync(new SensorReading(0, 42, 1.5m));
        var many = await repository.InsertManyAsync(Enumerable.Range(1, 400).Select(i => new SensorReading(0, i, i / 4m)).ToList());

        Assert.Equal(401, many.Append(one).Select(r => r.Id).Distinct().Count());
        var rows = await _db.DataSource.RowsAsync("""
            SELECT count(DISTINCT tableoid), bool_and(satisfies_hash_partition('telemetry.sensor_reading'::regclass, 4, right(tableoid::regclass::text, 1)::int, sensor_id))
            FROM telemetry.sensor_reading
            """);
        Assert.Equal(new[] { "4", "True" }, rows.Single());
        Assert.Equal(one, await repository.FindAsync(one.Id, 42));
        Assert.Equal(many[99], await repository.FindAsync(many[99].Id, many[99].SensorId));
        Assert.Null(await repository.FindAsync(one.Id, 43));
    }

    [Fact]
    public async Task An_application_supplied_key_is_inserted_as_given()
    {
        var repository = new DeviceRepository(_db.DataSource);
        var device = new Device(Guid.NewGuid(), "probe", new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(-5)));

        Assert.Equal(device, await repository.InsertAsync(device));
        var many = new[] { device with { Id = Guid.NewGuid() }, device with { Id = Guid.NewGuid(), Name = "other" } };
        Assert.Equal(many, await repository.InsertManyAsync(many));

        Assert.Equal(device, await repository.FindAsync(device.Id));
        Assert.Equal(many[1], await repository.FindAsync(many[1].Id));
        Assert.Null(await repository.FindAsync(Guid.NewGuid()));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => repository.InsertAsync(device)); // the key is the primary key
    }

    [Fact]
    public async Task Records_without_a_primary_constructor_are_built_with_initializers()
    {
        var repository = new NoteRepository(_db.DataSource);

        var note = await repository.InsertAsync(new Note { Text = "hello", At = DateTimeOffset.UnixEpoch });
        var bare = await repository.InsertAsync(new Note { Text = "bare" });

        Assert.Equal(note, await repository.FindAsync(note.Id));
        Assert.Equal(bare, await repository.FindAsync(bare.Id));
        Assert.Null(bare.At);
        Assert.NotEqual(note.Id, bare.Id);
    }

    [Fact]
    public async Task A_utc_datetime_is_stored_as_its_wall_clock_in_a_timestamp_column()
    {
        var utc = new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc);

        var stored = await new ShopOrderRepository(_db.DataSource).InsertAsync(Order("de") with { PlacedAt = utc });

        Assert.Equal("2026-07-01 12:00:00", await _db.DataSource.ScalarAsync<string>("SELECT placed_at::text FROM shop.orders WHERE id = $1", stored.Id));
    }
}
