using System;
using System.Collections.Generic;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// How generated code writes and reads one column with typed Npgsql calls: parameters as
/// <c>NpgsqlParameter&lt;T&gt;</c> with an explicit type (so they can be prepared), COPY values with
/// <c>NpgsqlBinaryImporter.WriteAsync(value, type)</c>, and reads with the reader's typed getters. No
/// reflection, nothing boxed; trimming and AOT safe.
/// </summary>
internal static class ColumnCode
{
    private const string DbTypes = "global::NpgsqlTypes.NpgsqlDbType.";

    /// <summary>The CLR type of the value generated code writes: the property type, or an enum's integer.</summary>
    public static string WriteType(ColumnSpec column)
    {
        if (column.Kind != ClrKind.Enum)
        {
            return column.ClrType;
        }

        var integer = EnumStorage.Keyword(column);
        return column.IsNullable ? integer + "?" : integer;
    }

    /// <summary>The value to write for <paramref name="expression"/> (a property read or a parameter).</summary>
    public static string WriteValue(ColumnSpec column, string expression) => column.Kind switch
    {
        ClrKind.Enum => EnumStorage.Write(column, expression),
        ClrKind.DateTime when IsInFamily(column) => "global::Pgx.PgxValues.ToTimestamp(" + expression + ")",
        ClrKind.DateTimeOffset when IsInFamily(column) => "global::Pgx.PgxValues.ToTimestamptz(" + expression + ")",
        _ => expression,
    };

    /// <summary><c>new NpgsqlParameter&lt;T&gt; { NpgsqlDbType = …, TypedValue = … }</c> for <paramref name="expression"/>.</summary>
    public static string Parameter(ColumnSpec column, string expression)
    {
        var type = TypeOf(column);
        var typeSetter = type.IsDataTypeName ? "DataTypeName = " : "NpgsqlDbType = ";
        return "new global::Npgsql.NpgsqlParameter<" + WriteType(column) + "> { " + typeSetter + type.Expression + ", TypedValue = " + WriteValue(column, expression) + " }";
    }

    /// <summary>
    /// <c>new NpgsqlParameter&lt;T[]&gt; { NpgsqlDbType = Array | …, TypedValue = … }</c>: the column's values of many
    /// rows as one array, for <c>unnest</c>. <paramref name="array"/> holds <see cref="WriteValue"/>s.
    /// </summary>
    public static string ArrayParameter(ColumnSpec column, string array)
    {
        var type = TypeOf(column);
        var typeSetter = type.IsDataTypeName
            ? "DataTypeName = " + CSharpNames.Literal(SqlTypeNames.BaseTypeName(column.PgType) + "[]")
            : "NpgsqlDbType = " + DbTypes + "Array | " + type.Expression;
        return "new global::Npgsql.NpgsqlParameter<" + WriteType(column) + "[]> { " + typeSetter + ", TypedValue = " + array + " }";
    }

    /// <summary><c>importer.WriteAsync(value, type, cancellationToken)</c> for <paramref name="expression"/>.</summary>
    public static string ImporterWrite(ColumnSpec column, string importer, string expression, string cancellationToken) =>
        importer + ".WriteAsync<" + WriteType(column) + ">(" + WriteValue(column, expression) + ", " + TypeOf(column).Expression + ", " + cancellationToken + ")";

    /// <summary>The typed read of column <paramref name="ordinal"/> from <paramref name="reader"/>, NULL-aware when nullable.</summary>
    public static string Read(ColumnSpec column, string reader, int ordinal)
    {
        var i = ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var read = column.Kind switch
        {
            ClrKind.Int16 => reader + ".GetInt16(" + i + ")",
            ClrKind.Int32 => reader + ".GetInt32(" + i + ")",
            ClrKind.Int64 => reader + ".GetInt64(" + i + ")",
            ClrKind.Boolean => reader + ".GetBoolean(" + i + ")",
            ClrKind.String => reader + ".GetString(" + i + ")",
            ClrKind.Decimal => reader + ".GetDecimal(" + i + ")",
            ClrKind.Double => reader + ".GetDouble(" + i + ")",
            ClrKind.Single => reader + ".GetFloat(" + i + ")",
            ClrKind.Guid => reader + ".GetGuid(" + i + ")",
            ClrKind.DateTime => reader + ".GetDateTime(" + i + ")",
            ClrKind.Enum => EnumStorage.Read(column, reader + (EnumStorage.Keyword(column) switch
            {
                "short" => ".GetInt16(",
                "long" => ".GetInt64(",
                _ => ".GetInt32(",
            }) + i + ")"),
            _ => reader + ".GetFieldValue<" + ClrTypeNames.NonNullable(column.ClrType) + ">(" + i + ")",
        };

        return column.IsNullable ? reader + ".IsDBNull(" + i + ") ? default(" + column.ClrType + ") : " + read : read;
    }

    /// <summary>
    /// How the column's type is named to Npgsql: an <c>NpgsqlDbType</c> member for the mapped types, or the
    /// PostgreSQL type name (as a string) for a <c>[PgColumn(Type = …)]</c> outside the CLR type's family,
    /// such as <c>jsonb</c> for a string.
    /// </summary>
    private static (string Expression, bool IsDataTypeName) TypeOf(ColumnSpec column)
    {
        if (column.Kind == ClrKind.Enum)
        {
            return (DbTypes + EnumStorage.Keyword(column) switch
            {
                "short" => "Smallint",
                "long" => "Bigint",
                _ => "Integer",
            }, false);
        }

        if (!IsInFamily(column))
        {
            return (CSharpNames.Literal(SqlTypeNames.BaseTypeName(column.PgType)), true);
        }

        return (DbTypes + column.Kind switch
        {
            ClrKind.Int16 => "Smallint",
            ClrKind.Int32 => "Integer",
            ClrKind.Int64 => "Bigint",
            ClrKind.Boolean => "Boolean",
            ClrKind.String => "Text",
            ClrKind.Decimal => "Numeric",
            ClrKind.Double => "Double",
            ClrKind.Single => "Real",
            ClrKind.Guid => "Uuid",
            ClrKind.DateTime => "Timestamp",
            ClrKind.DateTimeOffset => "TimestampTz",
            ClrKind.DateOnly => "Date",
            ClrKind.TimeOnly => "Time",
            _ => "Bytea",
        }, false);
    }

    private static bool IsInFamily(ColumnSpec column) => PgTypeFamilies.IsInFamily(column.Kind, column.PgType);
}
