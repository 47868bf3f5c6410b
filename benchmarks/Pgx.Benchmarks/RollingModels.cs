using System;
using Pgx;

namespace Pgx.Benchmarks;

// The tables of the rolling-partition probe (RollingProbe.cs). No Start: an apply makes only the partitions around
// "now", and the probe reaches back by attaching the oldest partition itself, which maintenance then fills up to.

/// <summary>Monthly partitions, declarative (the probe makes ten years of them).</summary>
[PgTable("rolling_monthly")]
[PartitionBy(nameof(At), PartitionKind.Range)]
[RollingPartitions("1 month", Premake = 3)]
public sealed record RollingMonthly([property: PgKey] long Id, DateTimeOffset At, string Value);

/// <summary>Daily partitions, declarative (the probe makes three years of them, about 1,100).</summary>
[PgTable("rolling_daily")]
[PartitionBy(nameof(At), PartitionKind.Range)]
[RollingPartitions("1 day", Premake = 4)]
public sealed record RollingDaily([property: PgKey] long Id, DateTimeOffset At, string Value);

/// <summary>Daily partitions, declarative, kept at 25 by the probe: the small table the inserts compare with.</summary>
[PgTable("rolling_small")]
[PartitionBy(nameof(At), PartitionKind.Range)]
[RollingPartitions("1 day", Premake = 4)]
public sealed record RollingSmall([property: PgKey] long Id, DateTimeOffset At, string Value);
