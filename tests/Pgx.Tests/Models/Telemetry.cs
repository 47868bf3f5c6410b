using System;
using Pgx;

namespace Pgx.Tests.Models;

/// <summary>Declarative RANGE by DateTimeOffset, with a default partition.</summary>
[PgTable("events", Schema = "telemetry")]
[PartitionBy(nameof(OccurredAt), PartitionKind.Range)]
[RangePartition("events_2026_10", "2026-10-01", "2026-11-01")]
[RangePartition("events_2026_11", "2026-11-01", "2026-12-01")]
[DefaultPartition("events_default")]
[PgIndex(nameof(DeviceId))]
public sealed record Event(long Id, DateTimeOffset OccurredAt, Guid DeviceId, double Reading, string? Note);

/// <summary>Declarative HASH by long over four partitions.</summary>
[PgTable(Schema = "telemetry")]
[PartitionBy(nameof(SensorId), PartitionKind.Hash)]
[HashPartitions(4)]
public sealed record SensorReading([property: PgKey] long Id, long SensorId, decimal Value);
