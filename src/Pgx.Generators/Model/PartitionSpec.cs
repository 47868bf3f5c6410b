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
    int Remainder);

/// <summary>
/// A partition-key constant, already rendered both ways: as a SQL literal (for DDL and the routing
/// trigger) and as a C# expression (for routing in generated code). <see cref="Bound"/> says whether it is
/// an open range side instead.
/// </summary>
/// <param name="Sql">The SQL literal, e.g. <c>1</c>, <c>'abc'</c>, <c>'2026-11-01 00:00:00+00'</c>; MINVALUE/MAXVALUE for open sides.</param>
/// <param name="CSharp">The C# expression of the key's type; empty for open sides.</param>
/// <param name="Display">How messages show it.</param>
/// <param name="Bound">Whether it is a value or an open side.</param>
internal sealed record PartitionValue(string Sql, string CSharp, string Display, BoundKind Bound = BoundKind.Value);

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
