using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Parsing;

/// <summary>
/// Turns an attribute constant into a <see cref="PartitionValue"/> of the partition key's type, with an
/// order key for overlap checks. Dates and decimals arrive as strings (attribute arguments are constants).
/// </summary>
internal static class PartitionValues
{
    /// <summary>A parsed value: what the model keeps, and a number to order ranges by.</summary>
    /// <param name="Value">The rendered value.</param>
    /// <param name="Order">Numbers and ticks; -∞/+∞ for MINVALUE/MAXVALUE; null for unordered kinds.</param>
    internal readonly record struct Parsed(PartitionValue Value, decimal? Order);

    /// <summary>Whether a key of <paramref name="kind"/> can be a LIST partition key.</summary>
    public static bool SupportsList(ClrKind kind) =>
        kind is ClrKind.Int16 or ClrKind.Int32 or ClrKind.Int64 or ClrKind.String or ClrKind.Boolean
            or ClrKind.Enum or ClrKind.Guid or ClrKind.DateOnly;

    /// <summary>Whether a key of <paramref name="kind"/> can be a RANGE partition key.</summary>
    public static bool SupportsRange(ClrKind kind) =>
        kind is ClrKind.Int16 or ClrKind.Int32 or ClrKind.Int64 or ClrKind.Decimal
            or ClrKind.DateTime or ClrKind.DateTimeOffset or ClrKind.DateOnly;

    /// <summary>
    /// Parses <paramref name="constant"/> as a value of the key's type. Returns null, with a reason, when it is
    /// not one; <paramref name="allowOpen"/> admits <c>"MINVALUE"</c>/<c>"MAXVALUE"</c> (range bounds).
    /// </summary>
    public static Parsed? Parse(TypedConstant constant, ColumnSpec key, bool allowOpen, out string reason)
    {
        reason = "";
        if (constant.Kind == TypedConstantKind.Error || constant.IsNull && constant.Kind != TypedConstantKind.Primitive)
        {
            reason = "it is not a constant";
            return null;
        }

        var raw = constant.Kind == TypedConstantKind.Array ? null : constant.Value;
        if (raw is null)
        {
            reason = "NULL is not a partition value; the partition key is NOT NULL";
            return null;
        }

        if (allowOpen && raw is string open)
        {
            if (string.Equals(open, "MINVALUE", StringComparison.OrdinalIgnoreCase))
            {
                return new Parsed(new PartitionValue(key.Kind, "", "MINVALUE", BoundKind.MinValue), decimal.MinValue);
            }

            if (string.Equals(open, "MAXVALUE", StringComparison.OrdinalIgnoreCase))
            {
                return new Parsed(new PartitionValue(key.Kind, "", "MAXVALUE", BoundKind.MaxValue), decimal.MaxValue);
            }
        }

        try
        {
            return key.Kind switch
            {
                ClrKind.Int16 => Integer(ClrKind.Int16, raw, short.MinValue, short.MaxValue, out reason),
                ClrKind.Int32 => Integer(ClrKind.Int32, raw, int.MinValue, int.MaxValue, out reason),
                ClrKind.Int64 => Integer(ClrKind.Int64, raw, long.MinValue, long.MaxValue, out reason),
                ClrKind.Enum => EnumValue(constant, raw, key, out reason),
                ClrKind.String => raw is string s
                    ? new Parsed(new PartitionValue(ClrKind.String, s, SqlText.Literal(s)), null)
                    : Fail("a string partition key needs string values", out reason),
                ClrKind.Boolean => raw is bool b
                    ? new Parsed(new PartitionValue(ClrKind.Boolean, b ? "true" : "false", b ? "true" : "false"), b ? 1 : 0)
                    : Fail("a bool partition key needs true or false", out reason),
                ClrKind.Guid => raw is string g && Guid.TryParse(g, out var guid)
                    ? new Parsed(new PartitionValue(ClrKind.Guid, guid.ToString("D"), guid.ToString("D")), null)
                    : Fail("a Guid partition key needs a string such as \"6f9619ff-8b86-d011-b42d-00cf4fc964ff\"", out reason),
                ClrKind.Decimal => DecimalValue(raw, out reason),
                ClrKind.DateTime => DateTimeValue(raw, out reason),
                ClrKind.DateTimeOffset => DateTimeOffsetValue(raw, out reason),
                ClrKind.DateOnly => DateOnlyValue(raw, out reason),
                _ => Fail($"{key.Kind} is not supported as a partition key", out reason),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            reason = ex.Message;
            return null;
        }
    }

    private static Parsed? Fail(string why, out string reason)
    {
        reason = why;
        return null;
    }

    private static Parsed? Integer(ClrKind kind, object raw, long min, long max, out string reason)
    {
        reason = "";
        long value;
        switch (raw)
        {
            case string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                value = parsed;
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                value = Convert.ToInt64(raw, CultureInfo.InvariantCulture);
                break;
            default:
                return Fail("an integer partition key needs integer values", out reason);
        }

        if (value < min || value > max)
        {
            return Fail($"{value} does not fit the key's type", out reason);
        }

        var text = value.ToString(CultureInfo.InvariantCulture);
        return new Parsed(new PartitionValue(kind, text, text), value);
    }

    private static Parsed? EnumValue(TypedConstant constant, object raw, ColumnSpec key, out string reason)
    {
        reason = "";
        if (constant.Kind == TypedConstantKind.Enum && constant.Type is not null
            && constant.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) != ClrTypeNames.NonNullable(key.ClrType))
        {
            return Fail($"{constant.Type.Name} is not the key's enum type", out reason);
        }

        if (raw is not (sbyte or byte or short or ushort or int or uint or long or ulong))
        {
            return Fail("an enum partition key needs members of its enum", out reason);
        }

        var number = Convert.ToDecimal(raw, CultureInfo.InvariantCulture);
        var text = number.ToString(CultureInfo.InvariantCulture);
        var display = text;
        if (constant.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field
                    && Convert.ToDecimal(field.ConstantValue, CultureInfo.InvariantCulture) == number)
                {
                    display = field.Name;
                    break;
                }
            }
        }

        return new Parsed(new PartitionValue(ClrKind.Enum, text, display), number);
    }

    private static Parsed? DecimalValue(object raw, out string reason)
    {
        reason = "";
        decimal value;
        switch (raw)
        {
            case string s when decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed):
                value = parsed;
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                value = Convert.ToDecimal(raw, CultureInfo.InvariantCulture);
                break;
            default:
                return Fail("a decimal partition key needs numbers or strings such as \"12.50\"", out reason);
        }

        var text = value.ToString(CultureInfo.InvariantCulture);
        return new Parsed(new PartitionValue(ClrKind.Decimal, text, text), value);
    }

    private static readonly string[] DateTimeFormats =
    {
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
    };

    private static readonly string[] DateTimeOffsetFormats =
    {
        "yyyy-MM-ddzzz", "yyyy-MM-ddTHH:mmzzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mmzzz", "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    };

    private static Parsed? DateTimeValue(object raw, out string reason)
    {
        reason = "";
        if (raw is not string s || !DateTime.TryParseExact(s, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return Fail("a DateTime partition key needs a string such as \"2026-11-01\" or \"2026-11-01T06:00:00\" (no offset: the column is timestamp without time zone)", out reason);
        }

        return new Parsed(new PartitionValue(ClrKind.DateTime, value.Ticks.ToString(CultureInfo.InvariantCulture), s), value.Ticks);
    }

    private static Parsed? DateTimeOffsetValue(object raw, out string reason)
    {
        reason = "";
        if (raw is not string s)
        {
            return Fail("a DateTimeOffset partition key needs a string such as \"2026-11-01\" (UTC) or \"2026-11-01T00:00:00+01:00\"", out reason);
        }

        DateTimeOffset value;
        if (IsoDate(s) is { } date)
        {
            // A bound without an offset is UTC, as below; the offset formats never match a bare date.
            value = new DateTimeOffset(date.Ticks, TimeSpan.Zero);
        }
        else if (DateTimeOffset.TryParseExact(s, DateTimeOffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            value = withOffset;
        }
        else if (DateTime.TryParseExact(s, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            // A bound without an offset is UTC: the server's TimeZone setting must not move partition bounds.
            value = new DateTimeOffset(local.Ticks, TimeSpan.Zero);
        }
        else
        {
            return Fail("a DateTimeOffset partition key needs a string such as \"2026-11-01\" (UTC) or \"2026-11-01T00:00:00+01:00\"", out reason);
        }

        var utc = value.UtcDateTime;
        return new Parsed(new PartitionValue(ClrKind.DateTimeOffset, utc.Ticks.ToString(CultureInfo.InvariantCulture), s), utc.Ticks);
    }

    /// <summary>
    /// <paramref name="s"/> as a date when it is exactly <c>yyyy-MM-dd</c> (ASCII digits), as <c>DateTime.ParseExact</c>
    /// with the invariant culture reads it; null otherwise, and the callers' formats decide. Most bounds are
    /// written this way, and trying the offset formats first (each failing) costs more than the rest of a record's parse.
    /// </summary>
    private static DateTime? IsoDate(string s)
    {
        if (s.Length != 10 || s[4] != '-' || s[7] != '-')
        {
            return null;
        }

        var year = Digits(s, 0, 4);
        var month = Digits(s, 5, 2);
        var day = Digits(s, 8, 2);
        return year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateTime(year, month, day)
            : null;
    }

    private static int Digits(string s, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = s[i] - '0';
            if (digit is < 0 or > 9)
            {
                return -1;
            }

            value = (value * 10) + digit;
        }

        return value;
    }

    private static Parsed? DateOnlyValue(object raw, out string reason)
    {
        reason = "";
        if (raw is not string s || !DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return Fail("a DateOnly partition key needs a string such as \"2026-11-01\"", out reason);
        }

        return new Parsed(new PartitionValue(ClrKind.DateOnly, value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s), value.Ticks);
    }
}
