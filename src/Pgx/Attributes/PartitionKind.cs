namespace Pgx;

/// <summary>How rows are distributed over partitions.</summary>
public enum PartitionKind
{
    /// <summary>Each partition holds an explicit list of partition-key values (<see cref="ListPartitionAttribute"/>).</summary>
    List = 0,

    /// <summary>Each partition holds a half-open range <c>[from, to)</c> of partition-key values (<see cref="RangePartitionAttribute"/>).</summary>
    Range = 1,

    /// <summary>Rows are spread by a hash of the partition key over N partitions (<see cref="HashPartitionsAttribute"/>).</summary>
    Hash = 2,
}
