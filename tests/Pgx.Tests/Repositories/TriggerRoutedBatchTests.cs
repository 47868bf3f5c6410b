using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// <c>InsertManyAsync</c> on trigger-routed tables takes two paths per child: a child that receives fewer than
/// <see cref="PgxRepositoryConnection.MinRowsForCopy"/> rows gets them by <c>INSERT … SELECT * FROM unnest(…)</c>
/// (all such children in one round trip), a larger share by binary COPY. Both paths, and batches that mix them,
/// must store every type exactly, in the right child, all or nothing.
/// </summary>
public sealed class TriggerRoutedBatchTests : IClassFixture<SchemaFixture>
{
    private const int Copy = PgxRepositoryConnection.MinRowsForCopy;

    private readonly SchemaFixture _db;

    public TriggerRoutedBatchTests(SchemaFixture db) => _db = db;

    private static Parcel Parcel(string country, int i, string note) => new(
        0,
        country,
        Total: 1234.5m + i,
        Status: (OrderStatus)(1 + (i % 3)),
        PlacedAt: new DateTime(2026, 3, 4, 5, 6, 7, 890, DateTimeKind.Unspecified).AddTicks(1230).AddMinutes(i),
        ShipOn: i % 2 == 0 ? new DateOnly(2026, 3, 9).AddDays(i % 100) : null,
        ShipAt: i % 2 == 0 ? new TimeOnly(13, 45, 10) : null,
        Receipt: i % 2 == 0 ? new byte[] { 0, 1, 2, 255, (byte)i } : null,
        Gift: i % 5 == 0,
        Lines: (short)(i % 300),
        Weight: 1.25f * i,
        Score: Math.PI * i,
        Customer: Guid.NewGuid(),
        Note: i % 2 == 0 ? note + " it's \"quoted\" \\ back " + i : null,
        Priority: i % 2 == 0 ? -i : null,
        Details: i % 2 == 0 ? "{\"n\": " + i + "}" : null,
        DeliveredAt: i % 2 == 1 ? new DateTimeOffset(2026, 4, 1, 10, 0, 0, TimeSpan.FromHours(2)).AddSeconds(i) : null);

    /// <summary>Records compare byte[] by reference: compare its contents, and the rest as a record.</summary>
    private static void AssertSame(Parcel expected, Parcel? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Receipt, actual!.Receipt);
        Assert.Equal(expected with { Receipt = null }, actual with { Receipt = null });
    }

    [Theory]
    [InlineData(40, 7)] // both children below the threshold: one round trip of unnest inserts
    [InlineData(Copy - 1, 1)] // just below: still unnest
    [InlineData(Copy, 1)] // at the threshold: COPY for the nordic child, unnest for the other
    [InlineData(Copy + 150, Copy + 3)] // both by COPY
    public async Task Every_type_round_trips_in_input_order_into_its_child(int nordic, int dach)
    {
        var note = "batch " + nordic + "/" + dach;
        var rows = Enumerable.Range(0, nordic).Select(i => Parcel(i % 2 == 0 ? "se" : "dk", i, note))
            .Concat(Enumerable.Range(0, dach).Select(i => Parcel("at", i, note)))
            .OrderBy(r => r.Customer) // interleave the children
            .ToList();
        var repository = new ParcelRepository(_db.DataSource);

        var stored = await repository.InsertManyAsync(rows);

        Assert.Equal(rows.Count, stored.Count);
        Assert.Equal(rows.Select(r => r.Customer), stored.Select(r => r.Customer));
        Assert.Equal(rows.Count, stored.Select(r => r.Id).Distinct().Count());
        Assert.All(stored, r => Assert.True(r.Id > 0));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY shop.parcels"));
        Assert.Equal((long)nordic, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY shop.parcels_nordic WHERE customer = ANY($1)", stored.Where(r => r.Country != "at").Select(r => r.Customer).ToArray()));
        Assert.Equal((long)dach, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM ONLY shop.parcels_dach WHERE customer = ANY($1)", stored.Where(r => r.Country == "at").Select(r => r.Customer).ToArray()));

        // Every row of a small batch, a sample of a large one, read back through the partition it must be in.
        var step = rows.Count > 200 ? 37 : 1;
        for (var i = 0; i < stored.Count; i += step)
        {
            AssertSame(rows[i] with { Id = stored[i].Id }, await repository.FindAsync(stored[i].Id, stored[i].Country));
        }

        AssertSame(rows[^1] with { Id = stored[^1].Id }, await repository.FindAsync(stored[^1].Id, stored[^1].Country));
    }

    [Theory]
    [InlineData(50, Copy, 1)] // the unnest insert into t1 succeeds, then t2's COPY fails
    [InlineData(Copy, 50, 2)] // t1's COPY never starts: the unnest batch fails first (t2 holds the bad row)
    [InlineData(Copy, Copy, 2)] // the first COPY succeeds, the second fails
    public async Task A_failure_on_either_path_stores_nothing_of_the_batch(int first, int second, int badPartition)
    {
        var label = "half way " + first + "/" + second;
        var rows = Enumerable.Range(0, first).Select(_ => new T(0, 1, label))
            .Concat(Enumerable.Range(0, second).Select(_ => new T(0, 2, label)))
            .ToList();
        var bad = rows.FindLastIndex(r => r.P == badPartition);
        rows[bad] = rows[bad] with { Value = label + "\0" }; // text cannot hold NUL: the server refuses it

        var error = await Assert.ThrowsAnyAsync<Exception>(() => new TRepository(_db.DataSource).InsertManyAsync(rows));

        Assert.IsNotType<PgxPartitionException>(error);
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value LIKE $1 || '%'", label));
    }

    [Fact]
    public async Task Both_paths_run_in_the_callers_transaction_and_roll_back_with_it()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var repository = new TRepository(connection, transaction);
        var rows = Enumerable.Range(0, Copy + 10).Select(i => new T(0, i < Copy ? 1 : 2, "mixed rollback")).ToList();

        var stored = await repository.InsertManyAsync(rows);

        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'mixed rollback'")); // not visible outside
        Assert.Equal(stored[^1], await repository.FindAsync(stored[^1].Id, 2)); // visible inside
        Assert.Equal(stored[0], await repository.FindAsync(stored[0].Id, 1));
        await transaction.RollbackAsync();

        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'mixed rollback'"));
    }

    [Fact]
    public async Task With_multiplexing_statements_go_unprepared_and_both_paths_still_work()
    {
        // Npgsql cannot prepare explicitly on a multiplexing data source: the repository must fall back, not fail.
        await using var multiplexed = new Npgsql.NpgsqlDataSourceBuilder(_db.ConnectionString + ";Multiplexing=true").Build();
        var repository = new TRepository(multiplexed);
        var rows = Enumerable.Range(0, Copy + 20).Select(i => new T(0, i < Copy ? 2 : 1, "multiplexed")).ToList();

        var one = await repository.InsertAsync(new T(0, 1, "multiplexed"));
        var many = await repository.InsertManyAsync(rows);
        var again = await repository.InsertManyAsync(rows.Take(5).ToList());

        Assert.Equal(one, await repository.FindAsync(one.Id, 1));
        Assert.Equal(many[^1], await repository.FindAsync(many[^1].Id, 1));
        Assert.Equal(many[0], await repository.FindAsync(many[0].Id, 2));
        Assert.Equal((long)(1 + rows.Count + again.Count), await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM t WHERE value = 'multiplexed'"));
    }
}
