using System.Linq;

namespace Pgx.Generators.Model;

/// <summary>How a table is partitioned: the key, the routing and the partitions.</summary>
/// <param name="Kind">List, range or hash (the runtime's <see cref="Pgx.PartitionKind"/>, compiled in).</param>
/// <param name="Routing">Declarative or trigger (the runtime's <see cref="Pgx.PartitionRouting"/>, compiled in).</param>
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

    /// <summary>Whether any partition lives on another server (a postgres_fdw foreign partition).</summary>
    public bool HasForeignPartitions => Partitions.Any(p => p.Server is not null);

    /// <summary>RANGE: the rule that makes partitions at run time (<c>[RollingPartitions]</c>), or null.</summary>
    public RollingSpec? Rolling { get; init; }
}
