using System;

namespace Pgx;

/// <summary>
/// A value its column cannot hold: a number too large for the integer column an enum is stored in, a stored
/// number the enum's type cannot hold, or a partition key too large for its <c>numeric(p,s)</c> column. Thrown
/// before anything is written (a batch stores nothing), instead of letting the value wrap around or reach
/// PostgreSQL's own overflow error.
/// </summary>
public sealed class PgxValueOutOfRangeException : Exception
{
    /// <summary>Creates the exception for <paramref name="value"/> in <paramref name="table"/>.<paramref name="column"/>.</summary>
    /// <param name="table">The table, <c>schema.name</c>.</param>
    /// <param name="column">The column.</param>
    /// <param name="value">The value that does not fit.</param>
    /// <param name="message">What does not fit where, naming table, column and value, and what would.</param>
    public PgxValueOutOfRangeException(string table, string column, object value, string message)
        : base(message)
    {
        Table = table;
        Column = column;
        Value = value;
    }

    /// <summary>The table, <c>schema.name</c>.</summary>
    public string Table { get; }

    /// <summary>The column.</summary>
    public string Column { get; }

    /// <summary>The value that does not fit.</summary>
    public object Value { get; }
}
