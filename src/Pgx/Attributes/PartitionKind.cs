namespace Pgx;

// Compiled into the generator too (internal there), so both read one definition of the values. The generator
// has no attribute classes to resolve the links below against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>How rows are distributed over partitions.</summary>
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
enum PartitionKind
{
    /// <summary>Each partition holds an explicit list of partition-key values (<see cref="ListPartitionAttribute"/>).</summary>
    List = 0,

    /// <summary>Each partition holds a half-open range <c>[from, to)</c> of partition-key values (<see cref="RangePartitionAttribute"/>).</summary>
    Range = 1,

    /// <summary>Rows are spread by a hash of the partition key over N partitions (<see cref="HashPartitionsAttribute"/>).</summary>
    Hash = 2,
}
