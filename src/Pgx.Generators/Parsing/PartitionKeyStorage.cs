using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Parsing;

/// <summary>
/// Whether a partition key's column stores values as C# routes them. Generated code picks a row's partition in
/// C#, while PostgreSQL checks the value it stores; the two agree only where the stored value is the C# value or
/// one generated code can compute (numeric(p,s) and timestamp(p) rounding, as the generated code stores the key).
/// PGX0026 refuses the column types where they would not agree; PGX0027 the partition values that the column
/// would itself change, which would make the DDL's bounds differ from the C# ones.
/// </summary>
internal static class PartitionKeyStorage
{
    /// <summary>Why generated code cannot route <paramref name="key"/> on its column type, or null when it can.</summary>
    public static string? UnroutableReason(ColumnSpec key)
    {
        var type = key.PgType;
        var baseName = SqlTypeNames.BaseTypeName(type);
        switch (key.Kind)
        {
            case ClrKind.Int16 or ClrKind.Int32 or ClrKind.Int64:
                return PgTypeFamilies.IntegerStorage(type) is null ? Only("smallint, integer or bigint") : null;
            case ClrKind.String when baseName is "char" or "character" or "bpchar":
                return "char(n) pads values with spaces and ignores trailing spaces when it compares, so 'a' and 'a ' are one key to PostgreSQL and two to C#; use text or varchar(n)";
            case ClrKind.String:
                return PgTypeFamilies.IsInFamily(key.Kind, type) ? null : Only("text or varchar(n)");
            case ClrKind.Boolean or ClrKind.Guid or ClrKind.DateOnly:
                return PgTypeFamilies.IsInFamily(key.Kind, type) && SqlTypeNames.TypeModifiers(type).Count == 0 ? null : Only(TypeNameOf(key.Kind));
            case ClrKind.Decimal when PgTypeFamilies.IsInFamily(key.Kind, type):
                return SqlTypeNames.TypeModifiers(type) is { Count: > 1 } modifiers && modifiers[1] < 0
                    ? "a negative scale rounds to tens, hundreds and so on, which Pgx does not route on; use a scale of 0 or more"
                    : null;
            case ClrKind.Decimal:
                return Only("numeric or numeric(p,s)");
            case ClrKind.DateTime when PgTypeFamilies.IsInFamily(ClrKind.DateTimeOffset, type):
                return "a DateTime has no offset, so its bounds and values would be read in the session's TimeZone setting and a row's partition would depend on the connection; use a DateTimeOffset property for a timestamptz key, or timestamp for a DateTime key";
            case ClrKind.DateTime:
                return PgTypeFamilies.IsInFamily(key.Kind, type) ? null : Only("timestamp or timestamp(p)");
            case ClrKind.DateTimeOffset when PgTypeFamilies.IsInFamily(ClrKind.DateTime, type):
                return "timestamp drops the offset by converting the instant to the session's TimeZone setting, so a row's partition would depend on the connection; use timestamptz for a DateTimeOffset key, or a DateTime property for a timestamp key";
            case ClrKind.DateTimeOffset:
                return PgTypeFamilies.IsInFamily(key.Kind, type) ? null : Only("timestamptz or timestamptz(p)");
            default:
                // Enums: PGX0028 speaks for the column. Other kinds cannot be LIST or RANGE keys (PGX0016).
                return null;
        }
    }

    /// <summary>
    /// Why <paramref name="key"/>'s column would not store the partition value <paramref name="parsed"/> (written as
    /// <paramref name="constant"/>) as written, or null when it would.
    /// </summary>
    public static string? NotStoredAsWritten(ColumnSpec key, TypedConstant constant, PartitionValues.Parsed parsed)
    {
        if (parsed.Value.Bound != BoundKind.Value)
        {
            return null;
        }

        if (key.Kind == ClrKind.String)
        {
            return constant.Value is string text ? LongerThanVarchar(key.PgType, text) : null;
        }

        if (parsed.Order is not { } number)
        {
            return null;
        }

        switch (key.Kind)
        {
            case ClrKind.Int16 or ClrKind.Int32 or ClrKind.Int64 or ClrKind.Enum:
                var (min, max) = PgTypeFamilies.IntegerStorage(key.PgType) switch
                {
                    ClrKind.Int16 => ((decimal)short.MinValue, (decimal)short.MaxValue),
                    ClrKind.Int32 => (int.MinValue, int.MaxValue),
                    ClrKind.Int64 => (long.MinValue, long.MaxValue),
                    _ => (decimal.MinValue, decimal.MaxValue),
                };
                return number < min || number > max ? Format("{0} holds {1} to {2}", key.PgType, min, max) : null;
            case ClrKind.Decimal:
                return NotNumeric(key.PgType, number);
            case ClrKind.DateTime or ClrKind.DateTimeOffset:
                return NotTimestamp(key, (long)number);
            default:
                return null;
        }
    }

    private static string? NotNumeric(string type, decimal value)
    {
        var modifiers = SqlTypeNames.TypeModifiers(type);
        if (!PgTypeFamilies.IsInFamily(ClrKind.Decimal, type) || modifiers.Count == 0 || modifiers.Count > 1 && modifiers[1] < 0)
        {
            return null;
        }

        var scale = modifiers.Count > 1 ? modifiers[1] : 0;
        var rounded = Math.Round(value, Math.Min(scale, 28), MidpointRounding.AwayFromZero);
        if (rounded != value)
        {
            return Format("{0} keeps {1} decimal places, so PostgreSQL would store {2}; write that", type, scale, rounded);
        }

        var digits = modifiers[0] - scale;
        var limit = digits is > 28 or < -28 ? (decimal?)null : digits >= 0 ? Pow10(digits) : 1m / Pow10(-digits);
        return limit is { } below && Math.Abs(value) >= below ? Format("{0} holds absolute values below 10^{1}", type, digits) : null;
    }

    private static string? NotTimestamp(ColumnSpec key, long ticks)
    {
        if (ticks == 0)
        {
            return Format("it is {0}.MinValue, which Npgsql sends as -infinity; write \"MINVALUE\" for a range open below", key.Kind);
        }

        var modifiers = SqlTypeNames.TypeModifiers(key.PgType);
        var precision = modifiers.Count > 0 && PgTypeFamilies.IsInFamily(key.Kind, key.PgType) ? Math.Min(modifiers[0], 6) : 6;
        var unit = (long)Pow10(7 - precision);
        if (ticks % unit == 0)
        {
            return null;
        }

        return precision == 6
            ? "PostgreSQL keeps whole microseconds, so it would store the bound cut to 6 fractional digits while C# compared all 7; write at most 6"
            : Format("{0} keeps {1} fractional digits, so PostgreSQL would store the bound rounded; write at most {1}", key.PgType, precision);
    }

    private static string? LongerThanVarchar(string type, string value)
    {
        var modifiers = SqlTypeNames.TypeModifiers(type);
        if (SqlTypeNames.BaseTypeName(type) is not ("varchar" or "character varying") || modifiers.Count == 0)
        {
            return null;
        }

        // PostgreSQL counts characters, not UTF-16 code units.
        var characters = value.Count(c => !char.IsLowSurrogate(c));
        return characters > modifiers[0] ? Format("{0} holds at most {1} characters", type, modifiers[0]) : null;
    }

    private static string Only(string types) => "partitions are computed in C# only for key columns of type " + types;

    private static string TypeNameOf(ClrKind kind) => kind switch
    {
        ClrKind.Boolean => "boolean",
        ClrKind.Guid => "uuid",
        _ => "date",
    };

    private static decimal Pow10(int exponent)
    {
        var power = 1m;
        for (var i = 0; i < exponent; i++)
        {
            power *= 10m;
        }

        return power;
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
