using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Pgx.Tests.Infrastructure;
using Pgx.Tests.Models;

namespace Pgx.Tests.Repositories;

/// <summary>
/// Partition keys that PostgreSQL stores differently from the C# value: <c>numeric(p,s)</c> rounds,
/// <c>timestamp(p)</c> rounds, and every timestamp loses its sub-microsecond ticks on the way (Npgsql cuts them
/// toward 2000-01-01). Generated code must route on the stored value, on every write path, and
/// <c>FindAsync</c> must read the partition the row is in.
/// </summary>
public sealed class StoredKeyRoutingTests : IClassFixture<SchemaFixture>
{
    private readonly SchemaFixture _db;

    public StoredKeyRoutingTests(SchemaFixture db) => _db = db;

    /// <summary>How rows reach the table.</summary>
    public enum WritePath
    {
        /// <summary>One InsertAsync per row.</summary>
        Insert,

        /// <summary>One small InsertManyAsync (unnest into each child, or COPY into a declarative parent).</summary>
        SmallBatch,

        /// <summary>InsertManyAsync with at least MinRowsForCopy rows per child: binary COPY.</summary>
        CopyBatch,
    }

    /// <summary>
    /// Writes one row per case by <paramref name="path"/>, then asserts that each is in its partition holding the
    /// stored value (<paramref name="storedSql"/>, as text), and that FindAsync with the value as written finds it.
    /// </summary>
    private async Task AssertRoutedAsync<TRow, TKey>(WritePath path, string table, string storedSql, (TKey Key, string Partition, string Stored)[] cases, Routed<TRow, TKey> repository, Func<string, TKey> parse)
        where TRow : class
    {
        var rows = cases.Select(c => repository.Row(c.Key)).ToList();
        IReadOnlyList<TRow> stored;
        switch (path)
        {
            case WritePath.Insert:
                var one = new List<TRow>();
                foreach (var row in rows)
                {
                    one.Add(await repository.Insert(row));
                }

                stored = one;
                break;
            case WritePath.SmallBatch:
                stored = await repository.InsertMany(rows);
                break;
            default:
                // Every value repeated so that each partition gets enough rows for COPY; the first of each run is checked.
                var copies = PgxRepositoryConnection.MinRowsForCopy;
                var many = await repository.InsertMany(rows.SelectMany(r => Enumerable.Repeat(r, copies)).ToList());
                stored = rows.Select((_, i) => many[i * copies]).ToList();
                break;
        }

        for (var i = 0; i < cases.Length; i++)
        {
            var id = repository.Id(stored[i]);
            var row = (await _db.DataSource.RowsAsync($"SELECT tableoid::regclass::text, {storedSql} FROM {table} WHERE id = $1", id)).Single();
            Assert.Equal(new[] { cases[i].Partition, cases[i].Stored }, row);
            var found = await repository.Find(id, cases[i].Key); // the value as written finds the row
            Assert.NotNull(found);
            Assert.Equal(parse(cases[i].Stored), repository.Key(found!));
        }
    }

    /// <summary>What <see cref="AssertRoutedAsync"/> needs of a generated repository and its record.</summary>
    private sealed record Routed<TRow, TKey>(
        Func<TKey, TRow> Row,
        Func<TRow, long> Id,
        Func<TRow, TKey> Key,
        Func<TRow, Task<TRow>> Insert,
        Func<IReadOnlyCollection<TRow>, Task<IReadOnlyList<TRow>>> InsertMany,
        Func<long, TKey, Task<TRow?>> Find);

    private static DateTime Time(string text) => DateTime.ParseExact(text, "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(WritePath.Insert)]
    [InlineData(WritePath.SmallBatch)]
    [InlineData(WritePath.CopyBatch)]
    public async Task A_numeric_key_routes_on_the_value_rounded_to_its_scale(WritePath path)
    {
        var cases = new (decimal, string, string)[]
        {
            (9.994m, "stored.prices_low", "9.99"),
            (9.995m, "stored.prices_high", "10.00"), // half away from zero
            (9.999m, "stored.prices_high", "10.00"),
            (-9.995m, "stored.prices_low", "-10.00"),
            (99999999.994m, "stored.prices_high", "99999999.99"),
        };
        var repository = new PriceRepository(_db.DataSource);

        await AssertRoutedAsync(path, "stored.prices", "amount::text", cases, new Routed<Price, decimal>(
            amount => new Price(0, amount, "numeric " + path), r => r.Id, r => r.Amount, r => repository.InsertAsync(r), r => repository.InsertManyAsync(r), (id, amount) => repository.FindAsync(id, amount)),
            text => decimal.Parse(text, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_numeric_key_the_column_cannot_hold_fails_before_the_database_is_touched()
    {
        const decimal tooBig = 99999999.995m; // rounds to 100000000.00: more than 8 digits before the point

        var error = await Assert.ThrowsAsync<PgxValueOutOfRangeException>(() => new PriceRepository(TriggerRoutedRepositoryTests.Unreachable()).InsertAsync(new Price(0, tooBig, "overflow")));
        Assert.Equal("stored.prices", error.Table);
        Assert.Equal("amount", error.Column);
        Assert.Equal(tooBig, error.Value);
        Assert.Contains("numeric(10,2)", error.Message);

        var batch = Enumerable.Range(0, 20).Select(i => new Price(0, i == 13 ? tooBig : i, "overflow")).ToList();
        await Assert.ThrowsAsync<PgxValueOutOfRangeException>(() => new PriceRepository(TriggerRoutedRepositoryTests.Unreachable()).InsertManyAsync(batch));
        await Assert.ThrowsAsync<PgxValueOutOfRangeException>(() => new PriceRepository(_db.DataSource).InsertManyAsync(batch));
        Assert.Equal(0L, await _db.DataSource.ScalarAsync<long>("SELECT count(*) FROM stored.prices WHERE label = 'overflow'"));
    }

    [Theory]
    [InlineData(WritePath.Insert)]
    [InlineData(WritePath.SmallBatch)]
    [InlineData(WritePath.CopyBatch)]
    public async Task A_timestamp_key_routes_on_the_microseconds_postgres_receives_before_and_after_2000(WritePath path)
    {
        var cases = new (DateTime, string, string)[]
        {
            // Before 2000 Npgsql cuts the tick toward 2000, that is up: one tick below the bound is stored at it.
            (Time("1998-12-31 23:59:59.9999999"), "stored.visits_mid", "1999-01-01 00:00:00"),
            (Time("1998-12-31 23:59:59.999999"), "stored.visits_old", "1998-12-31 23:59:59.999999"),
            (Time("1999-01-01 00:00:00"), "stored.visits_mid", "1999-01-01 00:00:00"),
            // After 2000 the same cut goes down: one tick below the bound stays below it.
            (Time("2025-12-31 23:59:59.9999999"), "stored.visits_mid", "2025-12-31 23:59:59.999999"),
            (Time("2026-01-01 00:00:00.0000001"), "stored.visits_new", "2026-01-01 00:00:00"),
        };
        var repository = new VisitRepository(_db.DataSource);

        await AssertRoutedAsync(path, "stored.visits", "at::text", cases, new Routed<Visit, DateTime>(
            at => new Visit(0, at, "timestamp " + path), r => r.Id, r => r.At, r => repository.InsertAsync(r), r => repository.InsertManyAsync(r), (id, at) => repository.FindAsync(id, at)),
            Time);
    }

    [Theory]
    [InlineData(WritePath.Insert)]
    [InlineData(WritePath.SmallBatch)]
    [InlineData(WritePath.CopyBatch)]
    public async Task A_timestamp_0_key_routes_on_whole_seconds_rounded_half_away_from_2000(WritePath path)
    {
        var cases = new (DateTime, string, string)[]
        {
            (Time("1998-12-31 23:59:59.5"), "stored.shifts_old", "1998-12-31 23:59:59"), // half: away from 2000, down
            (Time("1998-12-31 23:59:59.6"), "stored.shifts_mid", "1999-01-01 00:00:00"),
            (Time("2025-12-31 23:59:59.5"), "stored.shifts_new", "2026-01-01 00:00:00"), // half: away from 2000, up
            (Time("2025-12-31 23:59:59.4999999"), "stored.shifts_mid", "2025-12-31 23:59:59"),
        };
        var repository = new ShiftRepository(_db.DataSource);

        await AssertRoutedAsync(path, "stored.shifts", "at::text", cases, new Routed<Shift, DateTime>(
            at => new Shift(0, at, "timestamp(0) " + path), r => r.Id, r => r.At, r => repository.InsertAsync(r), r => repository.InsertManyAsync(r), (id, at) => repository.FindAsync(id, at)),
            Time);
    }

    [Theory]
    [InlineData(WritePath.Insert)]
    [InlineData(WritePath.SmallBatch)]
    [InlineData(WritePath.CopyBatch)]
    public async Task A_timestamptz_3_key_is_found_in_the_partition_postgres_chose(WritePath path)
    {
        // Declarative: PostgreSQL routes the insert, generated code picks the one partition FindAsync reads.
        var cases = new (DateTimeOffset, string, string)[]
        {
            (Offset("1998-12-31T23:59:59.9995+00:00"), "stored.logins_old", "1998-12-31 23:59:59.999"), // half: away from 2000
            (Offset("1998-12-31T23:59:59.9996+00:00"), "stored.logins_mid", "1999-01-01 00:00:00.000"),
            (Offset("1999-01-01T00:59:59.9999999+01:00"), "stored.logins_mid", "1999-01-01 00:00:00.000"),
            (Offset("2025-12-31T23:59:59.9995+00:00"), "stored.logins_new", "2026-01-01 00:00:00.000"),
            (Offset("2026-01-01T01:00:00.0004+01:00"), "stored.logins_new", "2026-01-01 00:00:00.000"),
        };
        var repository = new LoginRepository(_db.DataSource);

        await AssertRoutedAsync(path, "stored.logins", "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')", cases, new Routed<Login, DateTimeOffset>(
            at => new Login(0, at, "timestamptz(3) " + path), r => r.Id, r => r.At, r => repository.InsertAsync(r), r => repository.InsertManyAsync(r), (id, at) => repository.FindAsync(id, at)),
            text => new DateTimeOffset(Time(text), TimeSpan.Zero));
    }

    private static DateTimeOffset Offset(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
