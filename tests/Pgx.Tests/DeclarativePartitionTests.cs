using System;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Tests.Infrastructure;

namespace Pgx.Tests;

/// <summary>Declarative RANGE (DateTimeOffset, default partition) and HASH (long): rows land where they should.</summary>
public sealed class DeclarativePartitionTests : IAsyncLifetime
{
    private readonly DatabaseFixture _database = new();
    private NpgsqlDataSource _tokyo = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();

        // Apply from a session in Tokyo: bounds written without an offset must still mean UTC.
        _tokyo = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Timezone = "Asia/Tokyo" }.ConnectionString);
        await Pgx.Generated.PgxSchema.ApplyAsync(_tokyo);
    }

    public async Task DisposeAsync()
    {
        await _tokyo.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("2026-10-15 12:00:00+00", "telemetry.events_2026_10")]
    [InlineData("2026-10-31 23:59:59.999999+00", "telemetry.events_2026_10")]
    [InlineData("2026-11-01 00:00:00+00", "telemetry.events_2026_11")] // from is inclusive
    [InlineData("2026-10-31 23:30:00-01", "telemetry.events_2026_11")] // 00:30 UTC
    [InlineData("2026-12-01 00:00:00+00", "telemetry.events_default")] // to is exclusive
    [InlineData("2025-01-01 00:00:00+00", "telemetry.events_default")]
    public async Task Range_rows_land_in_their_partition(string occurredAt, string expected)
    {
        var db = _database.DataSource;
        var id = await db.ScalarAsync<long>("INSERT INTO telemetry.events (occurred_at, device_id, reading) VALUES ($1::timestamptz, gen_random_uuid(), 1.5) RETURNING id", occurredAt);

        var partition = await db.ScalarAsync<string>("SELECT tableoid::regclass::text FROM telemetry.events WHERE id = $1", id);
        Assert.Equal(expected, partition);
    }

    [Fact]
    public async Task Range_table_has_a_primary_key_of_key_plus_partition_key()
    {
        var key = await _database.DataSource.ScalarAsync<string>("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'telemetry.events'::regclass AND contype = 'p'");
        Assert.Equal("PRIMARY KEY (id, occurred_at)", key);
    }

    [Fact]
    public async Task Hash_rows_land_where_postgres_hashes_them_and_use_every_partition()
    {
        var db = _database.DataSource;
        await db.ExecuteAsync("INSERT INTO telemetry.sensor_reading (sensor_id, value) SELECT g, g / 10.0 FROM generate_series(1, 1000) g");

        var rows = await db.RowsAsync("""
            SELECT tableoid::regclass::text, count(*),
                   bool_and(satisfies_hash_partition('telemetry.sensor_reading'::regclass, 4, right(tableoid::regclass::text, 1)::int, sensor_id))
            FROM telemetry.sensor_reading GROUP BY 1 ORDER BY 1
            """);

        Assert.Equal(new[] { "telemetry.sensor_reading_p0", "telemetry.sensor_reading_p1", "telemetry.sensor_reading_p2", "telemetry.sensor_reading_p3" }, rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal("True", r[2]));
        Assert.Equal(1000, rows.Sum(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM ONLY telemetry.sensor_reading"));
    }

    [Theory]
    [InlineData("2025-06-30", "ledger.entries_2025")]
    [InlineData("2026-01-01", "ledger.entries_2026")]
    [InlineData("2024-12-31", "ledger.entries_other")]
    [InlineData("2027-01-01", "ledger.entries_other")]
    public async Task Trigger_routed_range_rows_land_in_their_child_or_the_default(string bookedOn, string expected)
    {
        var db = _database.DataSource;
        var id = await db.ScalarAsync<long>("SELECT nextval('ledger.ledger_ids')");
        await db.ExecuteAsync("INSERT INTO ledger.entries (id, booked_on, account, amount) VALUES ($1, $2::date, 'cash', 10)", id, bookedOn);

        Assert.Equal(expected, await db.ScalarAsync<string>("SELECT tableoid::regclass::text FROM ledger.entries WHERE id = $1", id));
    }

    [Theory]
    [InlineData("it's", "\"Odd Schema\".\"weird_it's\"")]
    [InlineData("back\\slash", "\"Odd Schema\".\"Wéird-Other\"")]
    [InlineData("x\"y", "\"Odd Schema\".\"Wéird-Other\"")]
    public async Task Hostile_names_and_values_are_quoted_not_pasted(string kind, string expected)
    {
        var db = _database.DataSource;
        await db.ExecuteAsync("INSERT INTO \"Odd Schema\".\"Weird \"\"Table\"\"\" (\"select\") VALUES ($1)", kind);

        Assert.Equal(expected, await db.ScalarAsync<string>("SELECT tableoid::regclass::text FROM \"Odd Schema\".\"Weird \"\"Table\"\"\" WHERE \"select\" = $1", kind));
    }

    [Fact]
    public async Task Hostile_value_with_no_partition_is_rejected_with_its_name()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _database.DataSource.ExecuteAsync("INSERT INTO \"Odd Schema\".\"Weird \"\"Table\"\"\" (\"select\") VALUES ('nope''; DROP TABLE x; --')"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal("no partition of table \"Odd Schema\".\"Weird \"\"Table\"\"\" accepts select = nope'; DROP TABLE x; --", error.MessageText);
    }
}
