namespace Pgx;

// Compiled into the generator too (internal there), so both read one definition of the values.

/// <summary>Who creates and retires the partitions of a <see cref="RollingPartitionsAttribute"/> table.</summary>
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
enum PartitionMaintainer
{
    /// <summary>Pgx: <c>PgxSchema.MaintainAsync</c>, which <c>PgxSchema.ApplyAsync</c> also runs once.</summary>
    Pgx = 0,

    /// <summary>The pg_partman extension, registered by <c>ApplyAsync</c> (not built yet: such tables are left to pg_partman).</summary>
    PgPartman = 1,
}
