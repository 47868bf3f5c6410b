using System;

namespace Pgx;

/// <summary>
/// A row's partition-key value has no partition to go to. Thrown before the database is touched; the
/// database itself would reject the row with SQLSTATE 23514.
/// </summary>
public sealed class PgxPartitionException : Exception
{
    /// <summary>Creates the exception for <paramref name="table"/>, <paramref name="column"/> and <paramref name="value"/>.</summary>
    /// <param name="table">The partitioned table, <c>schema.name</c>.</param>
    /// <param name="column">The partition-key column.</param>
    /// <param name="value">The value no partition accepts.</param>
    public PgxPartitionException(string table, string column, object? value)
        : base($"No partition of table {table} accepts {column} = {Describe(value)}. Add a partition for it, or a [DefaultPartition].")
    {
        Table = table;
        Column = column;
        Value = value;
    }

    /// <summary>The partitioned table, <c>schema.name</c>.</summary>
    public string Table { get; }

    /// <summary>The partition-key column.</summary>
    public string Column { get; }

    /// <summary>The value no partition accepts.</summary>
    public object? Value { get; }

    private static string Describe(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s + "'",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
