using System;
using Pgx;

namespace Pgx.Tests.Models;

/// <summary>Declarative monthly rolling partitions with a default partition; retired partitions are detached.</summary>
[PgTable("metrics", Schema = "rolling")]
[PartitionBy(nameof(At), PartitionKind.Range)]
[RollingPartitions("1 month", Premake = 3, Retain = "6 months", Start = "2026-01-01")]
[DefaultPartition("metrics_default")]
public sealed record Metric([property: PgKey] long Id, DateTimeOffset At, double Value);

/// <summary>Declarative daily rolling partitions by date, no default partition; retired partitions are dropped.</summary>
[PgTable("samples", Schema = "rolling")]
[PartitionBy(nameof(Day), PartitionKind.Range)]
[RollingPartitions("1 day", Premake = 2, Retain = "3 days", RetentionMode = PartitionRetention.Drop)]
public sealed record Sample([property: PgKey] long Id, DateOnly Day, int Count);

/// <summary>Trigger-routed monthly rolling partitions with a default child.</summary>
[PgTable("legacy_metrics", Schema = "rolling")]
[PartitionBy(nameof(At), PartitionKind.Range, Routing = PartitionRouting.Trigger)]
[RollingPartitions("1 month", Premake = 2, Start = "2026-01-01")]
[DefaultPartition("legacy_metrics_default")]
public sealed record LegacyMetric([property: PgKey] long Id, DateTimeOffset At, double Value);
