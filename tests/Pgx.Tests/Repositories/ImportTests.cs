using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// <c>ImportAsync</c>: a bulk load without keys back. Binary COPY straight into each child of a trigger-routed
/// table (the trigger never runs), into the parent of a declarative one; keys from the column default; every row
/// checked before the database is touched; all or nothing, in the caller's transaction when there is one.
/// </summary>
public sealed class ImportTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _db;

    public ImportTests(SchemaFixture db) => _db = db;

    /// <summary>
    /// The rows as a lazy sequence (ImportAsync must not need a collection): the two children alternate while both
    /// have rows left, then the rest go to the larger one.
    /// </summary>
    private static IEnumerable<T> Rows(string label, int ofP1, int ofP2)
    {
        var alternating = 2 * Math.Min(ofP1, ofP2);
        for (var i = 0; i < ofP1 + ofP2; i++)
        {
            yield return new T(0, i < alternating ? 1 + (i % 2) : ofP1 > ofP2 ? 1 : 2, label);
        }
    }

    private Task<long> CountAsync(string table, string label) =>
        _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY " + table + " WHERE value = $1", label);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(700, 300)]
    [InlineData(3_000, 2_500)]
    public async Task Trigger_routed_rows_go_straight_into_their_children_with_keys_from_the_default(int ofP1, int ofP2)
    {
        var label = "import " + ofP1 + "/" + ofP2;

        var imported = await new TRepository(_db.DataSource).ImportAsync(Rows(label, ofP1, ofP2));

        Assert.Equal(ofP1 + ofP2, imported);
        Assert.Equal(ofP1, await CountAsync("t1", label));
        Assert.Equal(ofP2, await CountAsync("t2", label));
        Assert.Equal(0L, await CountAsync("t", label)); // nothing stayed in the parent, so the trigger never ran
        Assert.Equal(
            (long)(ofP1 + ofP2),
            await _db.DataSource.ScalarAsync<long>("SELECT count(DISTINCT id) FROM t WHERE value = $1 AND id > 0", label));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY t1 WHERE value = $1 AND p <> 1", label));
    }

    [Fact]
    public async Task Every_type_round_trips_through_a_trigger_routed_import()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new Parcel(
            0,
            i % 3 == 0 ? "at" : "se",
            Total: 99.95m + i,
            Status: (OrderStatus)(1 + (i % 3)),
            PlacedAt: new DateTime(2026, 5, 6, 7, 8, 9, 123, DateTimeKind.Unspecified).AddTicks(40).AddMinutes(i),
            ShipOn: i % 2 == 0 ? new DateOnly(2026, 5, 9) : null,
            ShipAt: i % 2 == 0 ? new TimeOnly(8, 15, 30) : null,
            Receipt: i % 2 == 0 ? new byte[] { 9, 0, 255, (byte)i } : null,
            Gift: i % 4 == 0,
            Lines: (short)i,
            Weight: 0.5f * i,
            Score: Math.E * i,
            Customer: Guid.NewGuid(),
            Note: i % 2 == 0 ? "import it's \"quoted\" \\ " + i : null,
            Priority: i % 2 == 0 ? i : null,
            Details: i % 2 == 0 ? "{\"i\": " + i + "}" : null,
            DeliveredAt: i % 2 == 1 ? new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(-5)).AddSeconds(i) : null)).ToList();
        var repository = new ParcelRepository(_db.DataSource);

        Assert.Equal(rows.Count, await repository.ImportAsync(rows));

        foreach (var row in rows)
        {
            var child = row.Country == "at" ? "shop.parcels_dach" : "shop.parcels_nordic";
            var id = await _db.DataSource.ScalarAsync<long>("SELECT id FROM ONLY " + child + " WHERE customer = $1", row.Customer);
            var stored = await repository.FindAsync(id, row.Country);
            Assert.NotNull(stored);
            Assert.Equal(row.Receipt, stored!.Receipt);
            Assert.Equal(row with { Id = id, Receipt = null }, stored with { Receipt = null });
        }
    }

    [Fact]
    public async Task Declarative_rows_go_into_the_parent_and_postgres_routes_them()
    {
        var customers = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToArray();
        var rows = customers.Select((customer, i) => new ShopOrder(
            0, i % 3 == 0 ? "ch" : "no", 10m + i, OrderStatus.Paid, new DateTime(2026, 1, 2, 3, 4, 5), null, null, null, false, 1, 1f, 1d, customer, "import", null, null));

        Assert.Equal(30L, await new ShopOrderRepository(_db.DataSource).ImportAsync(rows));

        Assert.Equal(10L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM shop.orders_dach WHERE customer = ANY($1)", customers));
        Assert.Equal(20L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM shop.orders_nordic WHERE customer = ANY($1) AND id > 0", customers));
    }

    [Fact]
    public async Task Hash_rows_spread_over_the_partitions_postgres_computes()
    {
        var sensors = Enumerable.Range(0, 200).Select(i => 9_000_000L + i).ToArray();

        Assert.Equal(200L, await new SensorReadingRepository(_db.DataSource).ImportAsync(sensors.Select(s => new SensorReading(0, s, 1.5m)).ToList()));

        Assert.Equal(4L, await _db.DataSource.ScalarAsync<long>(
            "SELECT count(DISTINCT tableoid) FROM telemetry.sensor_reading WHERE sensor_id = ANY($1)", sensors));
        Assert.Equal(200L, await _db.DataSource.ScalarAsync<long>(
            "SELECT count(DISTINCT id) FROM telemetry.sensor_reading WHERE sensor_id = ANY($1)", sensors));
    }

    [Fact]
    public async Task A_row_no_partition_accepts_fails_before_any_row_is_written()
    {
        var label = "import unknown partition";
        var rows = Rows(label, 3_000, 3_000).Append(new T(0, 3, label));

        var error = await Assert.ThrowsAsync<PgxPartitionException>(() => new TRepository(_db.DataSource).ImportAsync(rows));

        Assert.Contains("3", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync("t", label) + await CountAsync("t1", label) + await CountAsync("t2", label));
    }

    [Fact]
    public async Task A_declarative_row_no_partition_accepts_fails_before_the_database_is_touched()
    {
        var customer = Guid.NewGuid();
        var rows = new[] { "se", "fr" }.Select(country => new ShopOrder(
            0, country, 1m, OrderStatus.Paid, new DateTime(2026, 1, 2), null, null, null, false, 1, 1f, 1d, customer, null, null, null));

        await Assert.ThrowsAsync<PgxPartitionException>(() => new ShopOrderRepository(_db.DataSource).ImportAsync(rows));

        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM shop.orders WHERE customer = $1", customer));
    }

    [Fact]
    public async Task A_server_side_failure_in_the_last_child_stores_nothing_of_the_load()
    {
        var label = "import fails late";
        var rows = Rows(label, 2_000, 2_000).Append(new T(0, 2, label + "\0")).ToList(); // text cannot hold NUL

        var error = await Assert.ThrowsAnyAsync<Exception>(() => new TRepository(_db.DataSource).ImportAsync(rows));

        Assert.IsNotType<PgxPartitionException>(error);
        Assert.Equal(0L, await CountAsync("t", label) + await CountAsync("t1", label) + await CountAsync("t2", label));
    }

    [Fact]
    public async Task It_runs_in_the_callers_transaction_and_rolls_back_with_it()
    {
        var label = "import in caller's transaction";
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        Assert.Equal(50L, await new TRepository(connection, transaction).ImportAsync(Rows(label, 25, 25)));

        Assert.Equal(0L, await CountAsync("t", label)); // not committed by the repository
        await using (var inside = new Npgsql.NpgsqlCommand("SELECT count(*) FROM t WHERE value = $1", connection, transaction))
        {
            inside.Parameters.Add(new Npgsql.NpgsqlParameter { Value = label });
            Assert.Equal(50L, (long)(await inside.ExecuteScalarAsync())!);
        }

        await transaction.RollbackAsync();
        Assert.Equal(0L, await CountAsync("t", label));
    }

    [Fact]
    public async Task Keys_stay_unique_with_eight_writers_taking_them_at_once()
    {
        // InsertManyAsync takes a batch's keys in one statement while ImportAsync and InsertAsync take theirs from
        // the column default: every key, from every writer, must be distinct and stored with the row it was given to.
        var label = "eight writers";
        var writers = Enumerable.Range(0, 8).Select(async writer =>
        {
            var repository = new TRepository(_db.DataSource);
            var returned = new List<T>();
            var written = 0L;
            for (var round = 0; round < 5; round++)
            {
                var rows = Rows(label + " " + writer, 300 + writer, 200).ToList();
                switch ((writer + round) % 3)
                {
                    case 0:
                        returned.AddRange(await repository.InsertManyAsync(rows));
                        written += rows.Count;
                        break;
                    case 1:
                        written += await repository.ImportAsync(rows);
                        break;
                    default:
                        returned.Add(await repository.InsertAsync(rows[0]));
                        written++;
                        break;
                }
            }

            return (Returned: returned, Written: written);
        }).ToList();
        var results = await Task.WhenAll(writers);
        var returnedKeys = results.SelectMany(r => r.Returned).ToList();

        var stored = await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value LIKE $1 || ' %'", label);
        var distinct = await _db.DataSource.ScalarAsync<long>("SELECT count(DISTINCT id) FROM t WHERE value LIKE $1 || ' %'", label);
        Assert.Equal(results.Sum(r => r.Written), stored);
        Assert.Equal(stored, distinct);
        var found = await _db.DataSource.ScalarAsync<long>(
            "SELECT count(*) FROM t JOIN unnest($1::bigint[], $2::int[], $3::text[]) AS r(id, p, value) USING (id, p, value)",
            returnedKeys.Select(r => r.Id).ToArray(), returnedKeys.Select(r => r.P).ToArray(), returnedKeys.Select(r => r.Value!).ToArray());
        Assert.Equal((long)returnedKeys.Count, found);
    }

    [Fact]
    public async Task No_rows_is_zero_rows()
    {
        Assert.Equal(0L, await new TRepository(_db.DataSource).ImportAsync(Array.Empty<T>()));
        await Assert.ThrowsAsync<ArgumentNullException>(() => new TRepository(_db.DataSource).ImportAsync(null!));
    }
}
