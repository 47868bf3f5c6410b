using System;

namespace Pgx.Schema;

/// <summary>Whether a column type change keeps every value (a widening) or may lose some (a narrowing, or unrelated types).</summary>
internal static class TypeWidening
{
    private static readonly string[] Integers = { "smallint", "integer", "bigint" };

    /// <summary>Whether every value of <paramref name="from"/> fits <paramref name="to"/> unchanged (both in format_type spelling).</summary>
    public static bool IsWidening(string from, string to)
    {
        var a = Array.IndexOf(Integers, from);
        var b = Array.IndexOf(Integers, to);
        if (a >= 0 && (b > a || to == "numeric" || (a < 2 && to == "double precision")))
        {
            return true;
        }

        if ((from == "real" && to == "double precision") || to == "text" && (from.StartsWith("character varying", StringComparison.Ordinal) || from.StartsWith("character(", StringComparison.Ordinal)))
        {
            return true;
        }

        if (from.StartsWith("character varying(", StringComparison.Ordinal) && to == "character varying")
        {
            return true;
        }

        if (Length(from, "character varying(") is { } n && Length(to, "character varying(") is { } m)
        {
            return m >= n;
        }

        if (from.StartsWith("numeric(", StringComparison.Ordinal) && to == "numeric")
        {
            return true;
        }

        return from == "timestamp without time zone" && to == "timestamp with time zone";
    }

    private static int? Length(string type, string prefix) =>
        type.StartsWith(prefix, StringComparison.Ordinal) && type.EndsWith(")", StringComparison.Ordinal)
        && int.TryParse(type.Substring(prefix.Length, type.Length - prefix.Length - 1), out var n) ? n : null;
}
