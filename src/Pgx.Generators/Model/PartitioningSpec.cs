namespace Pgx.Generators.Model;

/// <summary>How a table is partitioned: the key, the routing and the partitions.</summary>
/// <param name="Kind">List, range or hash (the values of <c>Pgx.PartitionKind</c>).</param>
/// <param name="Routing">Declarative or trigger (the values of <c>Pgx.PartitionRouting</c>).</param>
/// <param name="KeyProperty">The partition-key property name.</param>
/// <param name="KeyColumn">The partition-key column name.</param>
/// <param name="Partitions">The partitions in declaration order (hash partitions in remainder order).</param>
/// <param name="DefaultPartition">The default partition's name, if any.</param>
internal sealed record PartitioningSpec(
    PartitionKind Kind,
    PartitionRouting Routing,
    string KeyProperty,
    string KeyColumn,
    EquatableArray<PartitionSpec> Partitions,
    string? DefaultPartition)
{
    /// <summary>The hash modulus: the number of hash partitions.</summary>
    public int HashModulus => Kind == PartitionKind.Hash ? Partitions.Count : 0;
}

/// <summary>How rows are split among partitions, by the values of the runtime's <c>Pgx.PartitionKind</c>.</summary>
internal enum PartitionKind
{
    /// <summary>LIST.</summary>
    List = 0,

    /// <summary>RANGE.</summary>
    Range = 1,

    /// <summary>HASH.</summary>
    Hash = 2,
}

/// <summary>How inserts reach a partition, by the values of the runtime's <c>Pgx.PartitionRouting</c>.</summary>
internal enum PartitionRouting
{
    /// <summary>PARTITION BY / PARTITION OF.</summary>
    Declarative = 0,

    /// <summary>INHERITS + CHECK + BEFORE INSERT routing trigger.</summary>
    Trigger = 1,
}
