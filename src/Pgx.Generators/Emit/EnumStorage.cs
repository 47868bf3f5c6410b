using System.Collections.Generic;
using Pgx.Generators.Model;

namespace Pgx.Generators.Emit;

/// <summary>
/// How an enum travels to and from its integer column. The column type decides the integer Npgsql writes
/// (<c>smallint</c>, <c>integer</c> or <c>bigint</c>); where that integer cannot hold every number of the enum's
/// underlying type, the write is range-checked instead of wrapped around, and where the enum cannot hold every
/// number the column can, so is the read. Either check throws <c>PgxValueOutOfRangeException</c> naming table,
/// column and value.
/// </summary>
internal static class EnumStorage
{
    // The numbers each C# integer type holds, by keyword (enums' underlying types, and the storage types).
    private static readonly Dictionary<string, (decimal Min, decimal Max)> Ranges = new()
    {
        ["sbyte"] = (sbyte.MinValue, sbyte.MaxValue),
        ["byte"] = (byte.MinValue, byte.MaxValue),
        ["short"] = (short.MinValue, short.MaxValue),
        ["ushort"] = (ushort.MinValue, ushort.MaxValue),
        ["int"] = (int.MinValue, int.MaxValue),
        ["uint"] = (uint.MinValue, uint.MaxValue),
        ["long"] = (long.MinValue, long.MaxValue),
        ["ulong"] = (ulong.MinValue, ulong.MaxValue),
    };

    /// <summary>The storage integer as a C# keyword: <c>short</c>, <c>int</c> or <c>long</c>.</summary>
    public static string Keyword(ColumnSpec column) => PgTypeFamilies.IntegerStorage(column.PgType) switch
    {
        ClrKind.Int16 => "short",
        ClrKind.Int64 => "long",
        _ => "int",
    };

    /// <summary>Whether reads or writes of <paramref name="column"/> check ranges (and so name <c>TableName</c>).</summary>
    public static bool IsChecked(ColumnSpec column) => column.Kind == ClrKind.Enum && (NarrowsOnWrite(column) || NarrowsOnRead(column));

    /// <summary>Whether some number of the enum's underlying type does not fit the column.</summary>
    public static bool NarrowsOnWrite(ColumnSpec column) => !Contains(Keyword(column), Underlying(column));

    /// <summary>
    /// The storage integer for <paramref name="expression"/> (the enum, nullable when the column is): a cast where
    /// the column holds every number of the enum's type, otherwise a checked conversion.
    /// </summary>
    public static string Write(ColumnSpec column, string expression)
    {
        var storage = Keyword(column);
        if (!NarrowsOnWrite(column))
        {
            return "(" + storage + (column.IsNullable ? "?" : "") + ")" + expression;
        }

        var value = column.IsNullable ? expression + ".Value" : expression;
        var check = Underlying(column) == "ulong"
            ? "global::Pgx.PgxValues.ToColumn((ulong)" + value + ", " + storage + ".MaxValue, TableName, " + CSharpNames.Literal(column.ColumnName) + ")"
            : "global::Pgx.PgxValues.ToColumn((long)" + value + ", " + storage + ".MinValue, " + storage + ".MaxValue, TableName, " + CSharpNames.Literal(column.ColumnName) + ")";
        var narrowed = storage == "long" ? check : "(" + storage + ")" + check;
        return column.IsNullable ? "(" + expression + " is null ? (" + storage + "?)null : " + narrowed + ")" : narrowed;
    }

    /// <summary>The enum for <paramref name="read"/>, a typed read of the storage integer.</summary>
    public static string Read(ColumnSpec column, string read)
    {
        var type = ClrTypeNames.NonNullable(column.ClrType);
        if (!NarrowsOnRead(column))
        {
            return "(" + type + ")" + read;
        }

        var underlying = Underlying(column);
        var (min, max) = underlying == "ulong" ? ("0L", "long.MaxValue") : (underlying + ".MinValue", underlying + ".MaxValue");
        return "(" + type + ")(" + underlying + ")global::Pgx.PgxValues.FromColumn(" + read + ", " + min + ", " + max + ", TableName, " + CSharpNames.Literal(column.ColumnName) + ")";
    }

    /// <summary>Whether the column can hold a number the enum's underlying type cannot.</summary>
    public static bool NarrowsOnRead(ColumnSpec column) => !Contains(Underlying(column), Keyword(column));

    private static string Underlying(ColumnSpec column) => column.EnumUnderlyingType ?? "int";

    private static bool Contains(string outer, string inner) =>
        Ranges.TryGetValue(outer, out var o) && Ranges.TryGetValue(inner, out var i) && o.Min <= i.Min && i.Max <= o.Max;
}
