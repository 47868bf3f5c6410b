namespace Pgx.Generators.Model;

/// <summary>How a table is partitioned: the key, the routing and the partitions.</summary>
/// <param name="Kind">List, range or hash (the values of <c>Pgx.PartitionKind</c>).</param>
/// <param name="Routing">Declarative or trigger (the values of <c>Pgx.PartitionRouting</c>).</param>
/// <param name="KeyProperty">The partition-key property name.</param>
/// <param name="KeyColumn">The partition-key column name.</param>
/// <param name="Partitions">The partitions in declaration order (hash partitions in remainder order).</param>
/// <param name="DefaultPartition">The default partition's name, if any.</param>
internal sealed record PartitionSpec(
    PartitionKindSpec Kind,
    PartitionRoutingSpec Routing,
    string KeyProperty,
    string KeyColumn,
    EquatableArray<PartitionDef> Partitions,
    string? DefaultPartition)
{
    /// <summary>The hash modulus: the number of hash partitions.</summary>
    public int HashModulus => Kind == PartitionKindSpec.Hash ? Partitions.Count : 0;
}

/// <summary>Mirror of <c>Pgx.PartitionKind</c> (the generator cannot reference the runtime assembly).</summary>
internal enum PartitionKindSpec
{
    /// <summary>LIST.</summary>
    List = 0,

    /// <summary>RANGE.</summary>
    Range = 1,

    /// <summary>HASH.</summary>
    Hash = 2,
}

/// <summary>Mirror of <c>Pgx.PartitionRouting</c>.</summary>
internal enum PartitionRoutingSpec
{
    /// <summary>PARTITION BY / PARTITION OF.</summary>
    Declarative = 0,

    /// <summary>INHERITS + CHECK + BEFORE INSERT routing trigger.</summary>
    Trigger = 1,
}

/// <summary>One partition.</summary>
/// <param name="Name">The child table name (in the parent's schema).</param>
/// <param name="Values">LIST: the values it holds.</param>
/// <param name="From">RANGE: the inclusive lower bound.</param>
/// <param name="To">RANGE: the exclusive upper bound.</param>
/// <param name="Remainder">HASH: the remainder it holds; otherwise -1.</param>
internal sealed record PartitionDef(
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
