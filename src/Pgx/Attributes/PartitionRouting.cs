namespace Pgx;

// Compiled into the generator too (internal there), so both read one definition of the values.

/// <summary>How PostgreSQL puts a row into its partition.</summary>
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
enum PartitionRouting
{
    /// <summary>
    /// Native declarative partitioning (<c>PARTITION BY</c> / <c>PARTITION OF</c>). The default, and the right
    /// choice for new tables: <c>INSERT … RETURNING</c> works and the planner prunes partitions.
    /// </summary>
    Declarative = 0,

    /// <summary>
    /// Legacy inheritance partitioning: child tables <c>INHERITS</c> the parent with a <c>CHECK</c> constraint
    /// each, and a plpgsql <c>BEFORE INSERT</c> trigger on the parent routes every row and returns
    /// <c>NULL</c>. <c>INSERT … RETURNING</c> through the parent therefore returns no row: use the generated
    /// repository, which takes keys from <c>nextval()</c> and inserts straight into the child.
    /// </summary>
    Trigger = 1,
}
