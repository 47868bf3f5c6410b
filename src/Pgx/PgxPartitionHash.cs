using System;
using System.Buffers;
using System.Numerics;
using System.Text;

namespace Pgx;

/// <summary>
/// The hash PostgreSQL's declarative HASH partitioning computes for a row, computed in the client, so that the row's
/// partition (<c>FOR VALUES WITH (MODULUS m, REMAINDER r)</c>) is known without asking the server. Each key column's
/// value is hashed with its type's extended hash support function and the partitioning seed, the column hashes are
/// combined in key order starting from 0 (a NULL column is skipped), and the row belongs to the partition whose
/// remainder is the combined hash modulo the modulus:
/// <code>
/// int remainder = PgxPartitionHash.Empty.Add(userId).Add(region).Remainder(4);
/// </code>
/// </summary>
/// <remarks>
/// The supported key types are the ones whose stored form the client knows exactly: <c>smallint</c>, <c>integer</c>
/// and <c>bigint</c> (equal values hash equally across the three), <c>boolean</c>, <c>text</c> and <c>varchar</c>
/// (the UTF-8 bytes: the database's encoding must be UTF8 and the column's collation deterministic, as every
/// default collation is), <c>uuid</c>, <c>date</c>, <c>timestamp</c> and <c>timestamptz</c> (the value Npgsql
/// sends: whole microseconds, <see cref="DateTime.MinValue"/> and <see cref="DateTime.MaxValue"/> as -infinity and
/// infinity). <c>numeric</c> is not supported: its hash depends on the stored digits and weight, not on the
/// <see cref="decimal"/>. Hash partitions must all have the same modulus, as Pgx makes them.
/// The value is the same as PostgreSQL's own on every platform it runs on (PostgreSQL 11 and later).
/// </remarks>
public readonly struct PgxPartitionHash : IEquatable<PgxPartitionHash>
{
    /// <summary>The seed PostgreSQL passes to each column's extended hash function (<c>HASH_PARTITION_SEED</c>).</summary>
    public const ulong Seed = 0x7A5B22367996DCFD;

    // Days and microseconds count from 2000-01-01 in PostgreSQL's date and timestamp types.
    private const long PostgresEpochTicks = 630822816000000000L;
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private PgxPartitionHash(ulong value) => Value = value;

    /// <summary>The hash of no column yet: 0, where PostgreSQL starts (and where a row whose key is all NULL stays).</summary>
    public static PgxPartitionHash Empty => default;

    /// <summary>The combined hash so far.</summary>
    public ulong Value { get; }

    /// <summary>The remainder of the partition that holds the row: the combined hash modulo <paramref name="modulus"/>.</summary>
    /// <param name="modulus">The number of hash partitions (their common modulus).</param>
    /// <returns>The remainder, from 0 to <paramref name="modulus"/> - 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="modulus"/> is below 1.</exception>
    public int Remainder(int modulus)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modulus, 1);
        return (int)(Value % (ulong)modulus);
    }

    /// <summary>Adds a <c>smallint</c> column (<c>hashint2extended</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(short value) => Combine(HashUInt32((uint)(int)value));

    /// <summary>Adds an <c>integer</c> column (<c>hashint4extended</c>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(int value) => Combine(HashUInt32((uint)value));

    /// <summary>
    /// Adds a <c>bigint</c> column (<c>hashint8extended</c>: the high half folded into the low one, so that a value
    /// that fits an <c>integer</c> hashes as that <c>integer</c> does).
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(long value) => Combine(HashInt64(value));

    /// <summary>Adds a <c>boolean</c> column (<c>hashcharextended</c> of 0 or 1).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(bool value) => Combine(HashUInt32(value ? 1u : 0u));

    /// <summary>Adds a <c>text</c> or <c>varchar</c> column (<c>hashtextextended</c>: the UTF-8 bytes); null is skipped.</summary>
    /// <param name="value">The value, or null for NULL.</param>
    /// <returns>The hash with the column.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds a lone surrogate (it has no UTF-8 form).</exception>
    public PgxPartitionHash Add(string? value)
    {
        if (value is null)
        {
            return this;
        }

        var length = Utf8.GetByteCount(value);
        var rented = length <= 256 ? null : ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var bytes = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
            Utf8.GetBytes(value, bytes);
            return Combine(HashBytes(bytes, Seed));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Adds a <c>uuid</c> column (<c>uuid_hash_extended</c>: the 16 bytes in the order the text form writes them).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return Combine(HashBytes(bytes, Seed));
    }

    /// <summary>Adds a <c>date</c> column (days since 2000-01-01, hashed as an <c>integer</c>; the extremes as ±infinity).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(DateOnly value) =>
        Add(value == DateOnly.MinValue ? int.MinValue : value == DateOnly.MaxValue ? int.MaxValue : value.DayNumber - PostgresEpochDay);

    /// <summary>
    /// Adds a <c>timestamp</c> column (microseconds since 2000-01-01, hashed as a <c>bigint</c>): the ticks cut to
    /// whole microseconds toward 2000-01-01 as Npgsql sends them, the extremes as ±infinity. For
    /// <c>timestamp(p)</c> with p below 6, add the rounded value the column stores.
    /// </summary>
    /// <param name="value">The value (its kind is ignored: the column stores the wall-clock time).</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(DateTime value) => Add(Microseconds(value.Ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks));

    /// <summary>
    /// Adds a <c>timestamptz</c> column: the instant in UTC, as <see cref="Add(DateTime)"/> hashes a <c>timestamp</c>.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(DateTimeOffset value) => Add(Microseconds(value.UtcTicks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks));

    /// <summary>Adds a nullable <c>smallint</c> column; null is skipped.</summary>
    /// <param name="value">The value, or null for NULL.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(short? value) => value is { } v ? Add(v) : this;

    /// <summary>Adds a nullable <c>integer</c> column; null is skipped.</summary>
    /// <param name="value">The value, or null for NULL.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(int? value) => value is { } v ? Add(v) : this;

    /// <summary>Adds a nullable <c>bigint</c> column; null is skipped.</summary>
    /// <param name="value">The value, or null for NULL.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(long? value) => value is { } v ? Add(v) : this;

    /// <summary>Adds a nullable <c>boolean</c> column; null is skipped.</summary>
    /// <param name="value">The value, or null for NULL.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(bool? value) => value is { } v ? Add(v) : this;

    /// <summary>Adds a nullable <c>uuid</c> column; null is skipped.</summary>
    /// <param name="value">The value, or null for NULL.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(Guid? value) => value is { } v ? Add(v) : this;

    /// <summary>Adds a nullable <c>date</c> column; null is skipped.</summary>
    /// <param name="value">The value, or null for NULL.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(DateOnly? value) => value is { } v ? Add(v) : this;

    /// <summary>Adds a nullable <c>timestamp</c> column; null is skipped.</summary>
    /// <param name="value">The value, or null for NULL.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(DateTime? value) => value is { } v ? Add(v) : this;

    /// <summary>Adds a nullable <c>timestamptz</c> column; null is skipped.</summary>
    /// <param name="value">The value, or null for NULL.</param>
    /// <returns>The hash with the column.</returns>
    public PgxPartitionHash Add(DateTimeOffset? value) => value is { } v ? Add(v) : this;

    /// <inheritdoc/>
    public bool Equals(PgxPartitionHash other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PgxPartitionHash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>The combined hash in hexadecimal.</summary>
    /// <returns>The hash.</returns>
    public override string ToString() => Value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether two hashes are equal.</summary>
    /// <param name="left">One hash.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(PgxPartitionHash left, PgxPartitionHash right) => left.Equals(right);

    /// <summary>Whether two hashes differ.</summary>
    /// <param name="left">One hash.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(PgxPartitionHash left, PgxPartitionHash right) => !left.Equals(right);

    // hash_combine64: a column's hash mixed into the row's.
    private PgxPartitionHash Combine(ulong hash) =>
        new(Value ^ (hash + 0x49A0F4DD15E5A8E3UL + (Value << 54) + (Value >> 7)));

    // Npgsql's timestamp encoding: the extremes are ±infinity, everything else whole microseconds, cut toward 2000.
    private static long Microseconds(long ticks, long minTicks, long maxTicks) =>
        ticks == minTicks ? long.MinValue : ticks == maxTicks ? long.MaxValue : (ticks - PostgresEpochTicks) / 10;

    // hashint8extended: fold the high half into the low one (its complement for negative values), hash as 32 bits.
    private static ulong HashInt64(long value)
    {
        var low = (uint)value;
        var high = (uint)(value >> 32);
        low ^= value >= 0 ? high : ~high;
        return HashUInt32(low);
    }

    // hash_bytes_uint32_extended with the partitioning seed.
    private static ulong HashUInt32(uint value)
    {
        uint a, b, c;
        a = b = c = 0x9E3779B9u + sizeof(uint) + 3923095u;
        Seeded(ref a, ref b, ref c, Seed);
        a += value;
        Final(ref a, ref b, ref c);
        return ((ulong)b << 32) | c;
    }

    // hash_bytes_extended (Bob Jenkins' lookup3 with a 64-bit seed), reading the key as little-endian words, which
    // is what PostgreSQL computes on the little-endian machines it runs on almost everywhere.
    private static ulong HashBytes(ReadOnlySpan<byte> key, ulong seed)
    {
        uint a, b, c;
        a = b = c = 0x9E3779B9u + (uint)key.Length + 3923095u;
        Seeded(ref a, ref b, ref c, seed);
        while (key.Length >= 12)
        {
            a += Word(key, 0);
            b += Word(key, 4);
            c += Word(key, 8);
            Mix(ref a, ref b, ref c);
            key = key[12..];
        }

        // The last 11 bytes; the lowest byte of c is left for the length.
        switch (key.Length)
        {
            case 11: c += (uint)key[10] << 24; goto case 10;
            case 10: c += (uint)key[9] << 16; goto case 9;
            case 9: c += (uint)key[8] << 8; goto case 8;
            case 8: b += (uint)key[7] << 24; goto case 7;
            case 7: b += (uint)key[6] << 16; goto case 6;
            case 6: b += (uint)key[5] << 8; goto case 5;
            case 5: b += key[4]; goto case 4;
            case 4: a += (uint)key[3] << 24; goto case 3;
            case 3: a += (uint)key[2] << 16; goto case 2;
            case 2: a += (uint)key[1] << 8; goto case 1;
            case 1: a += key[0]; break;
        }

        Final(ref a, ref b, ref c);
        return ((ulong)b << 32) | c;
    }

    private static uint Word(ReadOnlySpan<byte> key, int offset) =>
        key[offset] | ((uint)key[offset + 1] << 8) | ((uint)key[offset + 2] << 16) | ((uint)key[offset + 3] << 24);

    // The seed is hashed as if it were a 12-byte chunk of data (its last four bytes zero).
    private static void Seeded(ref uint a, ref uint b, ref uint c, ulong seed)
    {
        if (seed != 0)
        {
            a += (uint)(seed >> 32);
            b += (uint)seed;
            Mix(ref a, ref b, ref c);
        }
    }

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }
}
