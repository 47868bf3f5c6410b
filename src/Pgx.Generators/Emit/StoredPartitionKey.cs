using System;
using System.Globalization;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// The partition-key value PostgreSQL stores, which generated code must route on: the partition bounds and CHECKs
/// see the stored value, not the C# one. A <c>numeric(p,s)</c> column rounds to s decimal places; a timestamp
/// column keeps whole microseconds (Npgsql cuts the ticks toward 2000-01-01) and <c>timestamp(p)</c> then rounds
/// to p digits. Other key types store the value as written (the model analyzer, PGX0026, refuses the column types
/// that would not).
/// </summary>
internal static class StoredPartitionKey
{
    /// <summary>The C# expression of the value stored for <paramref name="expression"/>, or null when it is stored as written.</summary>
    public static string? Of(ColumnSpec key, string expression)
    {
        if (!PgTypeFamilies.IsInFamily(key.Kind, key.PgType))
        {
            return null;
        }

        var modifiers = SqlTypeNames.TypeModifiers(key.PgType);
        return key.Kind switch
        {
            ClrKind.Decimal when modifiers.Count > 0 => string.Format(
                CultureInfo.InvariantCulture,
                "global::Pgx.PgxValues.StoredNumeric({0}, {1}, {2}, TableName, {3})",
                expression,
                modifiers[0],
                modifiers.Count > 1 ? modifiers[1] : 0,
                CSharpNames.Literal(key.ColumnName)),
            ClrKind.DateTime => "global::Pgx.PgxValues.StoredTimestamp(" + expression + ", " + Precision(modifiers) + ")",
            ClrKind.DateTimeOffset => "global::Pgx.PgxValues.StoredTimestamptz(" + expression + ", " + Precision(modifiers) + ")",
            _ => null,
        };
    }

    /// <summary>Whether the stored value can be out of the column's range, so that computing it throws.</summary>
    public static bool CanFail(ColumnSpec key) => key.Kind == ClrKind.Decimal && Of(key, "value") is not null;

    // timestamp(p): PostgreSQL caps p at 6 (with a warning), and without a modifier keeps 6 digits.
    private static string Precision(System.Collections.Generic.IReadOnlyList<int> modifiers) =>
        Math.Min(modifiers.Count > 0 ? modifiers[0] : 6, 6).ToString(CultureInfo.InvariantCulture);
}
