using System;
using System.ComponentModel;
using System.Globalization;

namespace Pgx;

/// <summary>
/// Conversions generated repositories apply before writing a value, where Npgsql would otherwise refuse it; the
/// value PostgreSQL will store for a partition key, so that routing compares what the partition's bounds will
/// see; and range checks for enums stored in narrower integer columns. Used by generated code; not meant to be
/// called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PgxValues
{
    // 2000-01-01 in ticks: PostgreSQL counts timestamps in microseconds from there, and Npgsql converts to that.
    private const long PostgresEpochTicks = 630822816000000000L;

    /// <summary>
    /// A <see cref="DateTime"/> for a <c>timestamp</c> (without time zone) column. Npgsql refuses
    /// <see cref="DateTimeKind.Utc"/> there; the column stores a wall-clock time, so the UTC wall clock is
    /// stored as it reads. Other kinds are written unchanged.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The value, with <see cref="DateTimeKind.Unspecified"/> instead of <see cref="DateTimeKind.Utc"/>.</returns>
    public static DateTime ToTimestamp(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified) : value;

    /// <summary>As <see cref="ToTimestamp(DateTime)"/>, for nullable values.</summary>
    /// <param name="value">The value or <see langword="null"/>.</param>
    /// <returns>The converted value, or <see langword="null"/>.</returns>
    public static DateTime? ToTimestamp(DateTime? value) => value is { } v ? ToTimestamp(v) : null;

    /// <summary>
    /// A <see cref="DateTimeOffset"/> for a <c>timestamptz</c> column: the same instant at offset 0, the only
    /// offset Npgsql writes.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The same instant in UTC.</returns>
    public static DateTimeOffset ToTimestamptz(DateTimeOffset value) => value.ToUniversalTime();

    /// <summary>As <see cref="ToTimestamptz(DateTimeOffset)"/>, for nullable values.</summary>
    /// <param name="value">The value or <see langword="null"/>.</param>
    /// <returns>The same instant in UTC, or <see langword="null"/>.</returns>
    public static DateTimeOffset? ToTimestamptz(DateTimeOffset? value) => value?.ToUniversalTime();

    /// <summary>
    /// The <see cref="DateTime"/> a <c>timestamp(<paramref name="precision"/>)</c> column stores for
    /// <paramref name="value"/>: Npgsql sends whole microseconds since 2000-01-01, dividing the ticks by 10 and so
    /// cutting toward that date (before 2000 a sub-microsecond rest rounds up, after it down), and PostgreSQL then
    /// rounds to <paramref name="precision"/> fractional digits, half away from 2000-01-01.
    /// <see cref="DateTime.MinValue"/> and <see cref="DateTime.MaxValue"/> are returned as they are: Npgsql sends
    /// them as -infinity and infinity, below and above every bound, as they already compare.
    /// </summary>
    /// <param name="value">The value written.</param>
    /// <param name="precision">The column's fractional digits, 0 to 6 (6 without a modifier).</param>
    /// <returns>The stored value, with the kind of <paramref name="value"/>.</returns>
    public static DateTime StoredTimestamp(DateTime value, int precision) =>
        value.Ticks == DateTime.MinValue.Ticks || value.Ticks == DateTime.MaxValue.Ticks
            ? value
            : new DateTime(StoredTicks(value.Ticks, precision), value.Kind);

    /// <summary>
    /// As <see cref="StoredTimestamp(DateTime, int)"/>, for a <see cref="DateTimeOffset"/> in a <c>timestamptz</c>
    /// column: the instant PostgreSQL stores, at offset 0.
    /// </summary>
    /// <param name="value">The value written.</param>
    /// <param name="precision">The column's fractional digits, 0 to 6 (6 without a modifier).</param>
    /// <returns>The stored instant in UTC.</returns>
    public static DateTimeOffset StoredTimestamptz(DateTimeOffset value, int precision)
    {
        var utc = value.UtcTicks;
        return utc == DateTime.MinValue.Ticks || utc == DateTime.MaxValue.Ticks
            ? value.ToUniversalTime()
            : new DateTimeOffset(StoredTicks(utc, precision), TimeSpan.Zero);
    }

    /// <summary>
    /// The value a <c>numeric(<paramref name="precision"/>,<paramref name="scale"/>)</c> column stores for
    /// <paramref name="value"/>: rounded half away from zero to <paramref name="scale"/> decimal places.
    /// </summary>
    /// <param name="value">The value written.</param>
    /// <param name="precision">The column's precision.</param>
    /// <param name="scale">The column's scale, 0 or more.</param>
    /// <param name="table">The table, for the exception.</param>
    /// <param name="column">The column, for the exception.</param>
    /// <returns>The rounded value.</returns>
    /// <exception cref="PgxValueOutOfRangeException">The rounded value has more digits before the point than the column holds.</exception>
    public static decimal StoredNumeric(decimal value, int precision, int scale, string table, string column)
    {
        // decimal has at most 28 fractional digits: a larger scale keeps every value as it is.
        var rounded = Math.Round(value, Math.Min(scale, 28), MidpointRounding.AwayFromZero);
        var digits = precision - scale;
        var fits = digits > 28 || (digits < -28 ? rounded == 0m : Math.Abs(rounded) < Pow10(digits));
        return fits
            ? rounded
            : throw new PgxValueOutOfRangeException(table, column, value, string.Format(
                CultureInfo.InvariantCulture,
                "Column {0} of table {1} cannot hold {2}: numeric({3},{4}) holds absolute values below 10^{5} after rounding to {4} decimal places",
                column,
                table,
                value,
                precision,
                scale,
                digits));
    }

    /// <summary>
    /// An enum's number, checked against the range of the integer column it is stored in, before it is narrowed
    /// to the column's type (an unchecked cast would wrap 40000 around to -25536 in a smallint column).
    /// </summary>
    /// <param name="value">The enum's number.</param>
    /// <param name="min">The smallest number the column holds.</param>
    /// <param name="max">The largest number the column holds.</param>
    /// <param name="table">The table, for the exception.</param>
    /// <param name="column">The column, for the exception.</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="PgxValueOutOfRangeException"><paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>].</exception>
    public static long ToColumn(long value, long min, long max, string table, string column) =>
        value >= min && value <= max ? value : throw CannotHold(table, column, value, min, max);

    /// <summary>As <see cref="ToColumn(long, long, long, string, string)"/>, for an enum based on <see cref="ulong"/>.</summary>
    /// <param name="value">The enum's number.</param>
    /// <param name="max">The largest number the column holds.</param>
    /// <param name="table">The table, for the exception.</param>
    /// <param name="column">The column, for the exception.</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="PgxValueOutOfRangeException"><paramref name="value"/> is above <paramref name="max"/>.</exception>
    public static long ToColumn(ulong value, long max, string table, string column) =>
        value <= (ulong)max ? (long)value : throw CannotHold(table, column, value, 0, max);

    /// <summary>
    /// A number read from an integer column, checked against the range of the enum's underlying type before it
    /// is narrowed to it: a smallint column can hold 300, a <c>byte</c>-based enum cannot.
    /// </summary>
    /// <param name="value">The stored number.</param>
    /// <param name="min">The smallest number the enum's underlying type holds.</param>
    /// <param name="max">The largest number the enum's underlying type holds (at most <see cref="long.MaxValue"/>).</param>
    /// <param name="table">The table, for the exception.</param>
    /// <param name="column">The column, for the exception.</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="PgxValueOutOfRangeException"><paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>].</exception>
    public static long FromColumn(long value, long min, long max, string table, string column) =>
        value >= min && value <= max
            ? value
            : throw new PgxValueOutOfRangeException(table, column, value, string.Format(
                CultureInfo.InvariantCulture,
                "Column {0} of table {1} holds {2}, which its enum property cannot hold: the enum's type holds {3} to {4}",
                column,
                table,
                value,
                min,
                max));

    private static PgxValueOutOfRangeException CannotHold(string table, string column, object value, long min, long max) =>
        new(table, column, value, string.Format(
            CultureInfo.InvariantCulture,
            "Column {0} of table {1} cannot hold {2}: it holds {3} to {4}",
            column,
            table,
            value,
            min,
            max));

    private static long StoredTicks(long ticks, int precision)
    {
        // Npgsql's conversion, ticks to microseconds: integer division, which cuts toward zero, i.e. toward 2000.
        var micros = (ticks - PostgresEpochTicks) / 10;
        if (precision is >= 0 and < 6)
        {
            // PostgreSQL's timestamp(p) rounding: half away from zero, and zero is 2000-01-01.
            long unit = 1;
            for (var i = precision; i < 6; i++)
            {
                unit *= 10;
            }

            var half = unit / 2;
            micros = micros >= 0 ? (micros + half) / unit * unit : -((-micros + half) / unit * unit);
        }

        // Rounding can pass the end of DateTime's range; the end itself still compares above every bound.
        return Math.Clamp(micros * 10 + PostgresEpochTicks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
    }

    private static decimal Pow10(int exponent)
    {
        var power = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            power *= 10m;
        }

        return exponent >= 0 ? power : 1m / power;
    }
}
