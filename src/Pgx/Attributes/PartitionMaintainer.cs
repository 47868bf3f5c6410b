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

    /// <summary>
    /// The pg_partman extension (4.x or 5.x, installed in the database): <c>ApplyAsync</c> registers the table with its
    /// <c>create_parent</c> and keeps its premake and retention up to date; pg_partman's <c>run_maintenance()</c>
    /// creates and retires the partitions under its own names, and <c>MaintainAsync</c> skips the table. Declarative
    /// tables only.
    /// </summary>
    PgPartman = 1,
}
