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

    /// <summary>
    /// Creates the exception for a row of a rolling partition set whose partition <paramref name="partition"/> does
    /// not exist: not made yet by maintenance, or retired.
    /// </summary>
    /// <param name="table">The partitioned table, <c>schema.name</c>.</param>
    /// <param name="column">The partition-key column.</param>
    /// <param name="value">The range the missing partition would hold, or the value.</param>
    /// <param name="partition">The missing partition, <c>schema.name</c>, or null when PostgreSQL found none for the value.</param>
    /// <param name="inner">PostgreSQL's error.</param>
    public PgxPartitionException(string table, string column, object? value, string? partition, Exception? inner)
        : base(
            $"No partition of table {table} accepts {column} = {Describe(value)}"
            + (partition is null ? "" : ": its partition " + partition + " does not exist")
            + ". For a rolling partition set, run PgxSchema.MaintainAsync (ApplyAsync runs it once), with Premake large enough for the rows you write; a retired partition is not made again.",
            inner)
    {
        Table = table;
        Column = column;
        Value = value;
        Partition = partition;
    }

    /// <summary>The partitioned table, <c>schema.name</c>.</summary>
    public string Table { get; }

    /// <summary>The partition the value belongs to when it is known but missing (a rolling set's), else null.</summary>
    public string? Partition { get; }

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
