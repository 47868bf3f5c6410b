using System;
using System.Collections.Generic;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Model;

/// <summary>
/// Which PostgreSQL types hold a CLR kind without a conversion. The parser checks partition keys and enum storage
/// against it, and the emitter picks the typed <c>NpgsqlDbType</c> from it, so both read the same table.
/// </summary>
internal static class PgTypeFamilies
{
    // Type names (modifiers removed) a CLR kind is written as without a conversion: a [PgColumn(Type = …)]
    // override inside the family keeps the typed NpgsqlDbType; anything else is written by data type name.
    private static readonly Dictionary<ClrKind, string[]> Families = new()
    {
        [ClrKind.Int16] = new[] { "smallint", "int2" },
        [ClrKind.Int32] = new[] { "integer", "int", "int4" },
        [ClrKind.Int64] = new[] { "bigint", "int8" },
        [ClrKind.Boolean] = new[] { "boolean", "bool" },
        [ClrKind.String] = new[] { "text", "varchar", "character varying", "char", "character", "bpchar" },
        [ClrKind.Decimal] = new[] { "numeric", "decimal" },
        [ClrKind.Double] = new[] { "double precision", "float8" },
        [ClrKind.Single] = new[] { "real", "float4" },
        [ClrKind.Guid] = new[] { "uuid" },
        [ClrKind.DateTime] = new[] { "timestamp", "timestamp without time zone" },
        [ClrKind.DateTimeOffset] = new[] { "timestamptz", "timestamp with time zone" },
        [ClrKind.DateOnly] = new[] { "date" },
        [ClrKind.TimeOnly] = new[] { "time", "time without time zone" },
        [ClrKind.Bytes] = new[] { "bytea" },
    };

    private static readonly ClrKind[] Integers = { ClrKind.Int16, ClrKind.Int32, ClrKind.Int64 };

    /// <summary>
    /// Whether <paramref name="pgType"/> (modifiers ignored) is a type Npgsql writes a <paramref name="kind"/> to
    /// without a conversion: <c>numeric(10,2)</c> for a decimal, <c>timestamp(0)</c> for a DateTime.
    /// </summary>
    public static bool IsInFamily(ClrKind kind, string pgType)
    {
        if (!Families.TryGetValue(kind, out var family))
        {
            return false;
        }

        // A loop, not LINQ's Contains: the parser asks for every partition value on every keystroke.
        var baseName = SqlTypeNames.BaseTypeName(pgType);
        foreach (var name in family)
        {
            if (string.Equals(name, baseName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The integer a plain integer type holds (<c>smallint</c>/<c>int2</c> → Int16, <c>integer</c>/<c>int</c>/<c>int4</c>
    /// → Int32, <c>bigint</c>/<c>int8</c> → Int64), or null for any other type, modifiers or array included.
    /// </summary>
    public static ClrKind? IntegerStorage(string pgType)
    {
        if (pgType.IndexOf('(') >= 0 || pgType.IndexOf('[') >= 0)
        {
            return null;
        }

        foreach (var kind in Integers)
        {
            if (IsInFamily(kind, pgType))
            {
                return kind;
            }
        }

        return null;
    }
}
