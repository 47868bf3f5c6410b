using System;
using System.Globalization;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// A partition value rendered where it is used: as a SQL literal in DDL and the routing trigger, and as a C#
/// expression of the key's type in the routing of generated code. Both sides read the same stored value.
/// </summary>
internal static class PartitionLiterals
{
    /// <summary>The SQL literal: <c>1</c>, <c>'abc'</c>, <c>'2026-11-01 00:00:00+00'</c>; MINVALUE/MAXVALUE for open sides.</summary>
    public static string Sql(PartitionValue value) => value.Bound switch
    {
        BoundKind.MinValue => "MINVALUE",
        BoundKind.MaxValue => "MAXVALUE",
        _ => value.Kind switch
        {
            ClrKind.String or ClrKind.Guid => SqlText.Literal(value.Value),
            ClrKind.DateTime => "'" + Timestamp(value) + "'",
            ClrKind.DateTimeOffset => "'" + Timestamp(value) + "+00'",
            ClrKind.DateOnly => "'" + value.Value + "'",
            _ => value.Value,
        },
    };

    /// <summary>The C# expression of the key's type <paramref name="keyType"/>; empty for open sides.</summary>
    public static string CSharp(PartitionValue value, string keyType)
    {
        if (value.Bound != BoundKind.Value)
        {
            return "";
        }

        var text = value.Value;
        switch (value.Kind)
        {
            case ClrKind.Int16:
                return text.StartsWith("-", StringComparison.Ordinal) ? "(short)(" + text + ")" : "(short)" + text;
            case ClrKind.Int64:
                return text + "L";
            case ClrKind.Enum:
                return "(" + ClrTypeNames.NonNullable(keyType) + ")(" + text + ")";
            case ClrKind.String:
                return CSharpNames.Literal(text);
            case ClrKind.Guid:
                return "new global::System.Guid(\"" + text + "\")";
            case ClrKind.Decimal:
                return text + "m";
            case ClrKind.DateTime:
                return "new global::System.DateTime(" + text + "L)";
            case ClrKind.DateTimeOffset:
                return "new global::System.DateTimeOffset(" + text + "L, global::System.TimeSpan.Zero)";
            case ClrKind.DateOnly:
                var date = DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return string.Format(CultureInfo.InvariantCulture, "new global::System.DateOnly({0}, {1}, {2})", date.Year, date.Month, date.Day);
            default:
                return text;
        }
    }

    private static string Timestamp(PartitionValue value) =>
        new DateTime(long.Parse(value.Value, CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');
}
