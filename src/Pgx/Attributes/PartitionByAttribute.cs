using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Partitions the table by one property. Declare the partitions with <see cref="ListPartitionAttribute"/>,
/// <see cref="RangePartitionAttribute"/> or <see cref="HashPartitionsAttribute"/>, and optionally a
/// <see cref="DefaultPartitionAttribute"/>.
/// </summary>
/// <example><code>
/// [PgTable("t")]
/// [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
/// [ListPartition("t1", 1)]
/// [ListPartition("t2", 2)]
/// public sealed record T([property: PgKey] long Id, int P, string? Value);
/// </code></example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class PartitionByAttribute : Attribute
{
    /// <summary>Partitions by <paramref name="property"/> (use <c>nameof</c>).</summary>
    /// <param name="property">The name of the record property that is the partition key.</param>
    /// <param name="kind">List, range or hash partitioning.</param>
    public PartitionByAttribute(string property, PartitionKind kind)
    {
        Property = property;
        Kind = kind;
    }

    /// <summary>The name of the partition-key property.</summary>
    public string Property { get; }

    /// <summary>List, range or hash.</summary>
    public PartitionKind Kind { get; }

    /// <summary>Declarative (default) or legacy trigger routing.</summary>
    public PartitionRouting Routing { get; set; }
}
