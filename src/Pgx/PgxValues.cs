using System;
using System.ComponentModel;

namespace Pgx;

/// <summary>
/// Conversions generated repositories apply before writing a value, where Npgsql would otherwise refuse it.
/// Used by generated code; not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PgxValues
{
    /// <summary>
    /// A <see cref="DateTime"/> for a <c>timestamp</c> (without time zone) column. Npgsql refuses
    /// <see cref="DateTimeKind.Utc"/> there; the column stores a wall-clock time, so the UTC wall clock is
    /// stored as it reads. Other kinds are written unchanged.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The value, with <see cref="DateTimeKind.Unspecified"/> instead of <see cref="DateTimeKind.Utc"/>.</returns>
    public static DateTime ToTimestamp(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified) : value;

    /// <summary>As <see cref="ToTimestamp(DateTime)"/>, for nullable values.</summary>
    /// <param name="value">The value or <see langword="null"/>.</param>
    /// <returns>The converted value, or <see langword="null"/>.</returns>
    public static DateTime? ToTimestamp(DateTime? value) => value is { } v ? ToTimestamp(v) : null;

    /// <summary>
    /// A <see cref="DateTimeOffset"/> for a <c>timestamptz</c> column: the same instant at offset 0, the only
    /// offset Npgsql writes.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The same instant in UTC.</returns>
    public static DateTimeOffset ToTimestamptz(DateTimeOffset value) => value.ToUniversalTime();

    /// <summary>As <see cref="ToTimestamptz(DateTimeOffset)"/>, for nullable values.</summary>
    /// <param name="value">The value or <see langword="null"/>.</param>
    /// <returns>The same instant in UTC, or <see langword="null"/>.</returns>
    public static DateTimeOffset? ToTimestamptz(DateTimeOffset? value) => value?.ToUniversalTime();
}
