using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using Pgx.Tests.Infrastructure;

namespace Pgx.Tests;

/// <summary>
/// <see cref="PgxPartitionHash"/> against the server itself: for every supported key type, rows with varied values
/// (extremes, zero, negatives, NULL, empty and non-ASCII text) go into real hash-partitioned tables of modulus 4 and
/// 7, and for every row the remainder computed in C# must be the one of the partition PostgreSQL put it in
/// (<c>tableoid</c>) and must satisfy <c>satisfies_hash_partition()</c>.
/// </summary>
public sealed class PartitionHashTests : IAsyncLifetime
{
    private static readonly int[] Moduli = { 4, 7 };
    private static readonly DateTime Epoch = new(2000, 1, 1);
    private readonly DatabaseFixture _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public Task Smallint_keys_hash_as_postgres_hashes_them() =>
        AssertSameAsPostgresAsync("h_int2", ("smallint", NpgsqlDbType.Smallint), Values<short>(
            new short[] { short.MinValue, short.MinValue + 1, -1, 0, 1, short.MaxValue - 1, short.MaxValue },
            random => (short)random.Next(short.MinValue, short.MaxValue + 1)), v => PgxPartitionHash.Empty.Add((short?)v));

    [Fact]
    public Task Integer_keys_hash_as_postgres_hashes_them() =>
        AssertSameAsPostgresAsync("h_int4", ("integer", NpgsqlDbType.Integer), Values<int>(
            new[] { int.MinValue, int.MinValue + 1, -65536, -1, 0, 1, 65536, int.MaxValue - 1, int.MaxValue }.Concat(Enumerable.Range(-500, 1001)),
            random => random.Next(int.MinValue, int.MaxValue)), v => PgxPartitionHash.Empty.Add((int?)v));

    [Fact]
    public Task Bigint_keys_hash_as_postgres_hashes_them() =>
        AssertSameAsPostgresAsync("h_int8", ("bigint", NpgsqlDbType.Bigint), Values<long>(
            new[] { long.MinValue, long.MinValue + 1, int.MinValue - 1L, int.MinValue, -(1L << 32), -(1L << 32) - 1, -1, 0, 1, int.MaxValue, int.MaxValue + 1L, 1L << 32, (1L << 32) + 1, long.MaxValue - 1, long.MaxValue },
            random => random.Next(3) == 0 ? random.Next(-100_000, 100_000) : random.NextInt64(long.MinValue, long.MaxValue)), v => PgxPartitionHash.Empty.Add((long?)v));

    [Fact]
    public Task Boolean_keys_hash_as_postgres_hashes_them() =>
        AssertSameAsPostgresAsync("h_bool", ("boolean", NpgsqlDbType.Boolean), new object?[] { true, false, null, true }, v => PgxPartitionHash.Empty.Add((bool?)v));

    [Fact]
    public Task Text_keys_hash_as_postgres_hashes_their_utf8_bytes()
    {
        // Every length up to 40 (all tails of the 12-byte blocks), accents, CJK, astral characters, combining marks.
        const string alphabet = "abcXYZ019 -_.äöüßéñ€日本語テキスト😀🐘\u0301";
        var fixedValues = new[] { "", " ", "a", "  ", "Zürich", "日本語", "😀", "straße", "e\u0301", "NULL", "'; DROP TABLE x; --", new string('x', 1000) }
            .Concat(Enumerable.Range(0, 41).Select(n => new string('q', n)));
        return AssertSameAsPostgresAsync("h_text", ("text", NpgsqlDbType.Text), Values<string>(fixedValues, random =>
        {
            var text = new System.Text.StringBuilder();
            var length = random.Next(0, 60);
            while (text.Length < length)
            {
                var index = random.Next(alphabet.Length);
                text.Append(char.IsHighSurrogate(alphabet[index]) ? alphabet.Substring(index, 2) : char.IsLowSurrogate(alphabet[index]) ? "z" : alphabet[index].ToString());
            }

            return text.ToString();
        }), v => PgxPartitionHash.Empty.Add((string?)v));
    }

    [Fact]
    public Task Uuid_keys_hash_as_postgres_hashes_them() =>
        AssertSameAsPostgresAsync("h_uuid", ("uuid", NpgsqlDbType.Uuid), Values<Guid>(
            new[] { Guid.Empty, Guid.AllBitsSet, Guid.Parse("00112233-4455-6677-8899-aabbccddeeff") },
            random =>
            {
                var bytes = new byte[16];
                random.NextBytes(bytes);
                return new Guid(bytes);
            }), v => PgxPartitionHash.Empty.Add((Guid?)v));

    [Fact]
    public Task Date_keys_hash_as_postgres_hashes_them() =>
        AssertSameAsPostgresAsync("h_date", ("date", NpgsqlDbType.Date), Values<DateOnly>(
            new[] { DateOnly.MinValue, DateOnly.MinValue.AddDays(1), new DateOnly(1999, 12, 31), new DateOnly(2000, 1, 1), new DateOnly(2000, 1, 2), DateOnly.MaxValue.AddDays(-1), DateOnly.MaxValue },
            random => DateOnly.FromDayNumber(random.Next(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber))), v => PgxPartitionHash.Empty.Add((DateOnly?)v));

    [Fact]
    public Task Timestamp_keys_hash_as_postgres_hashes_them() =>
        AssertSameAsPostgresAsync("h_timestamp", ("timestamp", NpgsqlDbType.Timestamp), Values<DateTime>(
            new[] { DateTime.MinValue, DateTime.MinValue.AddTicks(1), Epoch, Epoch.AddTicks(1), Epoch.AddTicks(-1), Epoch.AddTicks(-9), Epoch.AddTicks(-10), Epoch.AddTicks(-11), DateTime.MaxValue.AddTicks(-1), DateTime.MaxValue },
            random => new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks))), v => PgxPartitionHash.Empty.Add((DateTime?)v));

    [Fact]
    public async Task Timestamptz_keys_hash_as_postgres_hashes_them_whatever_the_offset()
    {
        // The repository writes the same instant at offset 0 (the only offset Npgsql writes); the hash must not care.
        var values = Values<DateTimeOffset>(
            new[] { DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(Epoch, TimeSpan.Zero), new DateTimeOffset(Epoch.AddTicks(-5), TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(9)) },
            random => new DateTimeOffset(random.NextInt64(DateTime.MinValue.AddDays(1).Ticks, DateTime.MaxValue.AddDays(-1).Ticks), TimeSpan.FromMinutes(15 * random.Next(-48, 49))));
        var written = values.Select(v => v is DateTimeOffset at && at != DateTimeOffset.MinValue && at != DateTimeOffset.MaxValue ? (object)at.ToUniversalTime() : v).ToList();
        var hashes = values.Select(v => PgxPartitionHash.Empty.Add((DateTimeOffset?)v)).ToList();
        await AssertSameAsPostgresAsync("h_timestamptz", new[] { ("timestamptz", NpgsqlDbType.TimestampTz) }, written.Select(v => new[] { v }).ToList(), (_, i) => hashes[i]);
    }

    [Fact]
    public Task Multi_column_keys_combine_in_key_order_and_skip_null_columns()
    {
        var random = new Random(16);
        var rows = new List<object?[]>
        {
            new object?[] { null, null, null }, // every column NULL: hash 0, remainder 0
            new object?[] { 0, "", Guid.Empty },
            new object?[] { 1, null, null },
            new object?[] { null, "a", null },
            new object?[] { null, null, Guid.Empty },
        };
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            rows.Add(new object?[]
            {
                random.Next(8) == 0 ? null : random.Next(int.MinValue, int.MaxValue),
                random.Next(8) == 0 ? null : "k" + random.Next(1000).ToString(CultureInfo.InvariantCulture) + (random.Next(2) == 0 ? "é" : ""),
                random.Next(8) == 0 ? null : new Guid(bytes),
            });
        }

        return AssertSameAsPostgresAsync(
            "h_multi",
            new[] { ("integer", NpgsqlDbType.Integer), ("text", NpgsqlDbType.Text), ("uuid", NpgsqlDbType.Uuid) },
            rows,
            (row, _) => PgxPartitionHash.Empty.Add((int?)row[0]).Add((string?)row[1]).Add((Guid?)row[2]));
    }

    [Fact]
    public void Remainder_refuses_a_modulus_below_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PgxPartitionHash.Empty.Add(1).Remainder(0));

    // The fixed values, NULL, and random ones up to about two thousand, from a fixed seed so that a failure repeats.
    private static List<object?> Values<T>(IEnumerable<T> fixedValues, Func<Random, T> next)
    {
        var random = new Random(16);
        var values = fixedValues.Select(v => (object?)v).Append(null).ToList();
        while (values.Count < 2000)
        {
            values.Add(next(random));
        }

        return values;
    }

    private Task AssertSameAsPostgresAsync(string name, (string PgType, NpgsqlDbType DbType) column, IReadOnlyList<object?> values, Func<object?, PgxPartitionHash> hash) =>
        AssertSameAsPostgresAsync(name, new[] { column }, values.Select(v => new[] { v }).ToList(), (row, _) => hash(row[0]));

    private async Task AssertSameAsPostgresAsync(string name, (string PgType, NpgsqlDbType DbType)[] columns, IReadOnlyList<object?[]> rows, Func<object?[], int, PgxPartitionHash> hash)
    {
        var db = _database.DataSource;
        var keys = string.Join(", ", columns.Select((_, i) => "k" + i.ToString(CultureInfo.InvariantCulture)));
        foreach (var modulus in Moduli)
        {
            var table = name + "_m" + modulus.ToString(CultureInfo.InvariantCulture);
            var definitions = string.Join(", ", columns.Select((c, i) => "k" + i.ToString(CultureInfo.InvariantCulture) + " " + c.PgType));
            await db.ExecuteAsync($"CREATE TABLE {table} (n integer NOT NULL, expected integer NOT NULL, {definitions}) PARTITION BY HASH ({keys})");
            for (var remainder = 0; remainder < modulus; remainder++)
            {
                await db.ExecuteAsync($"CREATE TABLE {table}_r{remainder} PARTITION OF {table} FOR VALUES WITH (MODULUS {modulus}, REMAINDER {remainder})");
            }

            // Every value is a parameter of its own type, as a repository sends it.
            var placeholders = string.Join(", ", Enumerable.Range(1, columns.Length + 2).Select(i => "$" + i.ToString(CultureInfo.InvariantCulture)));
            await using (var connection = await db.OpenConnectionAsync())
            {
                foreach (var chunk in rows.Select((row, n) => (row, n)).Chunk(500))
                {
                    await using var batch = new NpgsqlBatch(connection);
                    foreach (var (row, n) in chunk)
                    {
                        var command = new NpgsqlBatchCommand($"INSERT INTO {table} VALUES ({placeholders})");
                        command.Parameters.Add(new NpgsqlParameter { Value = n, NpgsqlDbType = NpgsqlDbType.Integer });
                        command.Parameters.Add(new NpgsqlParameter { Value = hash(row, n).Remainder(modulus), NpgsqlDbType = NpgsqlDbType.Integer });
                        for (var i = 0; i < columns.Length; i++)
                        {
                            command.Parameters.Add(new NpgsqlParameter { Value = row[i] ?? DBNull.Value, NpgsqlDbType = columns[i].DbType });
                        }

                        batch.BatchCommands.Add(command);
                    }

                    await batch.ExecuteNonQueryAsync();
                }
            }

            var placed = await db.RowsAsync($"""
                SELECT n, expected, substring(tableoid::regclass::text from '_r([0-9]+)$'),
                       satisfies_hash_partition('{table}'::regclass, {modulus}, expected, {keys})
                FROM {table} ORDER BY n
                """);
            Assert.Equal(rows.Count, placed.Count);
            var wrong = placed.Where(r => r[1] != r[2] || r[3] != "True").Take(5)
                .Select(r => $"row {r[0]} ({string.Join(", ", rows[int.Parse(r[0], CultureInfo.InvariantCulture)].Select(v => v ?? "NULL"))}): computed {r[1]}, PostgreSQL {r[2]}")
                .ToList();
            Assert.True(wrong.Count == 0, $"{table}: " + string.Join("; ", wrong));
            if (rows.Count > 100)
            {
                Assert.Equal(modulus, placed.Select(r => r[2]).Distinct().Count()); // the values reach every partition
            }
        }
    }
}
