using System;
using System.Globalization;

namespace Pgx;

/// <summary>
/// The rule of a rolling partition set, shared by the generator (which checks it at compile time), the maintenance
/// (which creates and retires partitions) and generated repositories (which compute a row's partition): partitions
/// are the intervals counted from 0001-01-01 (time keys) or from 0 (integer keys), each named after its lower bound.
/// Time values are ticks (<see cref="DateTime.Ticks"/>; a <see cref="DateTimeOffset"/> in UTC, a DateOnly at midnight).
/// </summary>
// netstandard2.0: compiled into the generator and the build task too, internal there.
#if NETSTANDARD2_0
internal
#else
public
#endif
sealed class RollingInterval
{
    private RollingInterval(RollingUnit unit, long count)
    {
        Unit = unit;
        Count = count;
    }

    /// <summary>Days, weeks, months, years, or a width of integers.</summary>
    public RollingUnit Unit { get; }

    /// <summary>How many units one partition spans.</summary>
    public long Count { get; }

    /// <summary>
    /// Reads <c>"1 month"</c>, <c>"3 months"</c>, <c>"1 week"</c>, <c>"2 days"</c>, <c>"1 year"</c> (time keys) or a
    /// positive integer (integer keys). Returns null, with a reason, when <paramref name="text"/> is none of them.
    /// </summary>
    /// <param name="text">The interval as written.</param>
    /// <param name="integerKey">Whether the partition key is an integer.</param>
    /// <param name="reason">Why it is not valid.</param>
    /// <returns>The interval, or null.</returns>
    public static RollingInterval? Parse(string? text, bool integerKey, out string reason)
    {
        reason = "";
        var trimmed = (text ?? "").Trim();
        if (integerKey)
        {
            if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var width) && width > 0)
            {
                return new RollingInterval(RollingUnit.Integer, width);
            }

            reason = "an integer partition key needs a positive whole number such as \"100000\"";
            return null;
        }

        var space = trimmed.IndexOf(' ');
        var unitText = space < 0 ? "" : trimmed.Substring(space + 1).Trim().ToLowerInvariant();
        if (space < 0 || !long.TryParse(trimmed.Substring(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > 10000)
        {
            reason = "write a count and a unit, such as \"1 day\", \"1 week\", \"1 month\", \"3 months\" or \"1 year\"";
            return null;
        }

        RollingUnit? unit = unitText switch
        {
            "day" or "days" => RollingUnit.Day,
            "week" or "weeks" => RollingUnit.Week,
            "month" or "months" or "mon" or "mons" => RollingUnit.Month,
            "year" or "years" => RollingUnit.Year,
            _ => null,
        };
        if (unit is null)
        {
            reason = "'" + unitText + "' is not a unit a time partition can span; use days, weeks, months or years";
            return null;
        }

        return new RollingInterval(unit.Value, count);
    }

    /// <summary>The partition holding <paramref name="value"/> (ticks or an integer): its number counted from the origin.</summary>
    /// <param name="value">The key value.</param>
    /// <returns>The partition number; negative before the origin.</returns>
    public long PartitionOf(long value)
    {
        var units = Unit switch
        {
            RollingUnit.Integer => value,
            RollingUnit.Day => FloorDiv(value, TimeSpan.TicksPerDay),
            RollingUnit.Week => FloorDiv(value, TimeSpan.TicksPerDay * 7),
            RollingUnit.Month => Months(value),
            _ => new DateTime(value).Year - 1L,
        };
        return FloorDiv(units, Count);
    }

    /// <summary>The inclusive lower bound of partition <paramref name="partition"/> (ticks or an integer).</summary>
    /// <param name="partition">A partition number from <see cref="PartitionOf"/>.</param>
    /// <returns>Its lower bound; its upper bound is the next partition's lower bound.</returns>
    public long LowerBound(long partition)
    {
        var units = checked(partition * Count);
        return Unit switch
        {
            RollingUnit.Integer => units,
            RollingUnit.Day => checked(units * TimeSpan.TicksPerDay),
            RollingUnit.Week => checked(units * 7 * TimeSpan.TicksPerDay),
            RollingUnit.Month => new DateTime(1, 1, 1).AddMonths(checked((int)units)).Ticks,
            _ => new DateTime(checked((int)units + 1), 1, 1).Ticks,
        };
    }

    /// <summary>Whether <paramref name="value"/> is the lower bound of a partition.</summary>
    /// <param name="value">Ticks or an integer.</param>
    /// <returns>True when a partition starts there.</returns>
    public bool IsAligned(long value) => LowerBound(PartitionOf(value)) == value;

    /// <summary>
    /// The name of partition <paramref name="partition"/> of <paramref name="table"/>: <c>_p</c> and its lower bound,
    /// <c>yyyyMMdd</c> for days and weeks, <c>yyyyMM</c> for months, <c>yyyy</c> for years, the number for integers
    /// (<c>_pm</c> and the magnitude below zero).
    /// </summary>
    /// <param name="table">The parent table's name.</param>
    /// <param name="partition">A partition number from <see cref="PartitionOf"/>.</param>
    /// <returns>The child table's name.</returns>
    public string ChildName(string table, long partition) => table + "_p" + Suffix(LowerBound(partition));

    /// <summary>
    /// The partition number <paramref name="child"/> names under <see cref="ChildName"/>, or null when it is not such a name.
    /// </summary>
    /// <param name="table">The parent table's name.</param>
    /// <param name="child">A child table's name.</param>
    /// <returns>The partition number, or null.</returns>
    public long? PartitionNamed(string table, string child)
    {
        var prefix = table + "_p";
        if (!child.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var suffix = child.Substring(prefix.Length);
        if (Unit == RollingUnit.Integer)
        {
            var negative = suffix.StartsWith("m", StringComparison.Ordinal);
            if (!long.TryParse(negative ? suffix.Substring(1) : suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var magnitude))
            {
                return null;
            }

            var value = negative ? -magnitude : magnitude;
            return IsAligned(value) && ChildName(table, PartitionOf(value)) == child ? PartitionOf(value) : null;
        }

        var format = Unit switch { RollingUnit.Month => "yyyyMM", RollingUnit.Year => "yyyy", _ => "yyyyMMdd" };
        if (!DateTime.TryParseExact(suffix, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var lower) || !IsAligned(lower.Ticks))
        {
            return null;
        }

        return PartitionOf(lower.Ticks);
    }

    /// <summary>The longest child name this rule can give <paramref name="table"/>, for the 63-byte check.</summary>
    /// <param name="table">The parent table's name.</param>
    /// <param name="maxDigits">For integer keys, the digits of the key type's widest value.</param>
    /// <returns>A name of the greatest length.</returns>
    public string LongestChildName(string table, int maxDigits) => table + "_p" + Unit switch
    {
        RollingUnit.Integer => "m" + new string('9', maxDigits),
        RollingUnit.Month => "999912",
        RollingUnit.Year => "9999",
        _ => "99991231",
    };

    /// <summary>The shortest span of one interval in days (a month: 28), for comparing with a retention period.</summary>
    public long ShortestDays => Count * Unit switch { RollingUnit.Day => 1, RollingUnit.Week => 7, RollingUnit.Month => 28, RollingUnit.Year => 365, _ => 1 };

    /// <summary>The longest span of one interval in days (a month: 31).</summary>
    public long LongestDays => Count * Unit switch { RollingUnit.Day => 1, RollingUnit.Week => 7, RollingUnit.Month => 31, RollingUnit.Year => 366, _ => 1 };

    /// <summary>Moves <paramref name="value"/> (ticks or an integer) back by this interval, for retention.</summary>
    /// <param name="value">Ticks or an integer.</param>
    /// <returns>The value one interval earlier.</returns>
    public long Before(long value) => Unit switch
    {
        RollingUnit.Integer => value - Count,
        RollingUnit.Day => value - Count * TimeSpan.TicksPerDay,
        RollingUnit.Week => value - Count * 7 * TimeSpan.TicksPerDay,
        RollingUnit.Month => new DateTime(value).AddMonths(-checked((int)Count)).Ticks,
        _ => new DateTime(value).AddYears(-checked((int)Count)).Ticks,
    };

    /// <summary>How the interval is written: <c>1 month</c>, <c>100000</c>.</summary>
    /// <returns>The text <see cref="Parse"/> reads back.</returns>
    public override string ToString() => Unit == RollingUnit.Integer
        ? Count.ToString(CultureInfo.InvariantCulture)
        : Count.ToString(CultureInfo.InvariantCulture) + " " + Unit.ToString().ToLowerInvariant() + (Count == 1 ? "" : "s");

    private string Suffix(long lower)
    {
        if (Unit == RollingUnit.Integer)
        {
            return lower < 0 ? "m" + (-(decimal)lower).ToString(CultureInfo.InvariantCulture) : lower.ToString(CultureInfo.InvariantCulture);
        }

        var format = Unit switch { RollingUnit.Month => "yyyyMM", RollingUnit.Year => "yyyy", _ => "yyyyMMdd" };
        return new DateTime(lower).ToString(format, CultureInfo.InvariantCulture);
    }

    private static long Months(long ticks)
    {
        var date = new DateTime(ticks);
        return (date.Year - 1L) * 12 + date.Month - 1;
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor != 0 && (value < 0) != (divisor < 0) ? quotient - 1 : quotient;
    }
}

/// <summary>What one rolling interval counts.</summary>
// netstandard2.0: compiled into the generator and the build task too, internal there.
#if NETSTANDARD2_0
internal
#else
public
#endif
enum RollingUnit
{
    /// <summary>Days.</summary>
    Day,

    /// <summary>Weeks (from Monday).</summary>
    Week,

    /// <summary>Calendar months.</summary>
    Month,

    /// <summary>Calendar years.</summary>
    Year,

    /// <summary>A width of integer key values.</summary>
    Integer,
}
