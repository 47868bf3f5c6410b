using System;

namespace Pgx;

// Compiled into the generator too (internal there), so the parser reads members by nameof. The generator
// has no other runtime types to resolve the doc links against.
#if BUILDING_SOURCE_GENERATOR
#pragma warning disable CS1574
#endif

/// <summary>
/// Range partitions made at run time, one per interval: <c>PgxSchema.MaintainAsync</c> creates them ahead of time
/// (<see cref="Premake"/>), retires old ones (<see cref="Retain"/>, <see cref="RetentionMode"/>) and moves rows
/// waiting in the default partition into the partition made for them. Each partition is named after its lower
/// bound: <c>&lt;table&gt;_p20260105</c> for day and week intervals, <c>&lt;table&gt;_p202601</c> for months,
/// <c>&lt;table&gt;_p2026</c> for years, <c>&lt;table&gt;_p1000</c> (or <c>_pm1000</c> below zero) for integer keys.
/// </summary>
/// <example><code>
/// [PgTable("metrics")]
/// [PartitionBy(nameof(At), PartitionKind.Range)]
/// [RollingPartitions("1 month", Premake = 3, Retain = "6 months", Start = "2026-01-01")]
/// [DefaultPartition("metrics_default")]
/// public sealed record Metric([property: PgKey] long Id, DateTimeOffset At, double Value);
/// </code></example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
#if BUILDING_SOURCE_GENERATOR
internal
#else
public
#endif
sealed class RollingPartitionsAttribute : Attribute
{
    /// <summary>Partitions of one <paramref name="interval"/> each.</summary>
    /// <param name="interval">
    /// For <see cref="DateTimeOffset"/>, <see cref="DateTime"/> and <see cref="DateOnly"/> keys a PostgreSQL
    /// interval of days, weeks, months or years (<c>"1 day"</c>, <c>"1 week"</c>, <c>"1 month"</c>,
    /// <c>"3 months"</c>, <c>"1 year"</c>); for integer keys a positive width (<c>"100000"</c>).
    /// </param>
    public RollingPartitionsAttribute(string interval)
    {
        Interval = interval;
    }

    /// <summary>The width of each partition.</summary>
    public string Interval { get; }

    /// <summary>How many partitions exist ahead of the one holding "now" (at least 1; default 4).</summary>
    public int Premake { get; set; } = 4;

    /// <summary>
    /// How long partitions are kept, in the same notation as the interval (<c>"6 months"</c>); a partition whose
    /// upper bound is older than now minus this is retired. Null (the default) keeps every partition.
    /// </summary>
    public string? Retain { get; set; }

    /// <summary>
    /// The lower bound of the first partition (<c>"2026-01-01"</c>, or <c>"0"</c> for integer keys), aligned to the
    /// interval. Null: the first maintenance starts at the partition holding "now".
    /// </summary>
    public string? Start { get; set; }

    /// <summary>
    /// Who maintains the partitions: Pgx (default) or pg_partman, which names them its own way
    /// (<c>&lt;table&gt;_p2026_01</c> under 4.x, <c>&lt;table&gt;_p20260101</c> under 5.x).
    /// </summary>
    public PartitionMaintainer Maintainer { get; set; }

    /// <summary>Whether retired partitions are detached (default) or dropped.</summary>
    public PartitionRetention RetentionMode { get; set; }

    /// <summary>
    /// A pg_cron schedule (<c>"*/15 * * * *"</c>, <c>"@hourly"</c>, <c>"30 seconds"</c>) for
    /// <c>CALL pgx.maintain_partitions()</c>: where the pg_cron extension is installed in the database,
    /// <c>ApplyAsync</c> registers one cron job that runs the maintenance on it (and updates or removes the job when
    /// the schedule changes or goes); where it is not, <c>ApplyAsync</c> fails saying so. Null (the default): no job.
    /// </summary>
    public string? Schedule { get; set; }
}
