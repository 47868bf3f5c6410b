namespace Pgx;

// Compiled into the generator too (internal there), so both read one definition of the values.

/// <summary>What maintenance does with a rolling partition older than the retention period.</summary>
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
enum PartitionRetention
{
    /// <summary>Detach it: the table and its rows stay, outside the partitioned table (archive or drop it yourself).</summary>
    Detach = 0,

    /// <summary>Drop it, rows and all.</summary>
    Drop = 1,
}
