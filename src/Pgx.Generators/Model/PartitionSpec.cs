namespace Pgx.Generators.Model;

/// <summary>One partition.</summary>
/// <param name="Name">The child table name (in the parent's schema).</param>
/// <param name="Values">LIST: the values it holds.</param>
/// <param name="From">RANGE: the inclusive lower bound.</param>
/// <param name="To">RANGE: the exclusive upper bound.</param>
/// <param name="Remainder">HASH: the remainder it holds; otherwise -1.</param>
internal sealed record PartitionSpec(
    string Name,
    EquatableArray<PartitionValue> Values,
    PartitionValue? From,
    PartitionValue? To,
    int Remainder)
{
    /// <summary>The foreign server that holds the partition (a postgres_fdw foreign partition), or null for a local one.</summary>
    public string? Server { get; init; }
}

/// <summary>
/// A partition-key constant as a value, in one invariant text form per kind; the emitters render it as a SQL
/// literal (DDL, the routing trigger) and as a C# expression (routing in generated code). <see cref="Bound"/>
/// says whether it is an open range side instead.
/// </summary>
/// <param name="Kind">The key's kind, which says how <paramref name="Value"/> reads.</param>
/// <param name="Value">
/// Integers, enums (their number), decimals and booleans in invariant text; strings as written; a Guid in its
/// <c>D</c> form; a DateOnly as <c>yyyy-MM-dd</c>; a DateTime, and a DateTimeOffset in UTC, as ticks. Empty for open sides.
/// </param>
/// <param name="Display">How messages and comments show it.</param>
/// <param name="Bound">Whether it is a value or an open side.</param>
internal sealed record PartitionValue(ClrKind Kind, string Value, string Display, BoundKind Bound = BoundKind.Value);

/// <summary>A range bound: a value, or an open side.</summary>
internal enum BoundKind
{
    /// <summary>A value.</summary>
    Value,

    /// <summary>MINVALUE: unbounded below.</summary>
    MinValue,

    /// <summary>MAXVALUE: unbounded above.</summary>
    MaxValue,
}
