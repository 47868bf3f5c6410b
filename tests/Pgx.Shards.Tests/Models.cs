using System;
using Pgx;

// The shards' addresses and credentials come from PgxApplyOptions at run time; async_capable lets the coordinator
// scan both shards at once (Async Append), batch_size sends inserts in batches.
[assembly: ForeignServer("shard_a", Host = "127.0.0.1", DbName = "shard", AsyncCapable = true, BatchSize = 100)]
[assembly: ForeignServer("shard_b", Host = "127.0.0.1", DbName = "shard", AsyncCapable = true, BatchSize = 100)]

namespace Pgx.Shards.Tests;

/// <summary>Orders by region: EU on shard_a, US on shard_b, the rest local.</summary>
[PgTable("orders")]
[PartitionBy(nameof(Region), PartitionKind.List)]
[ListPartition("orders_eu", "EU", Server = "shard_a")]
[ListPartition("orders_us", "US", Server = "shard_b")]
[ListPartition("orders_local", "LOCAL")]
[PgIndex(nameof(CustomerId))]
public sealed record Order([property: PgKey] long Id, string Region, int CustomerId, decimal Amount, DateTimeOffset PlacedAt);

/// <summary>Events spread by hash over both shards: partition i on Servers[i % 2].</summary>
[PgTable("events")]
[PartitionBy(nameof(UserId), PartitionKind.Hash)]
[HashPartitions(4, Servers = new[] { "shard_a", "shard_b" })]
public sealed record Event([property: PgKey] long Id, int UserId, string Kind);

/// <summary>Visits spread by the hash of a text key over both shards: visits_p0 and _p2 on shard_a, _p1 on shard_b.</summary>
[PgTable("visits")]
[PartitionBy(nameof(Country), PartitionKind.Hash)]
[HashPartitions(3, Servers = new[] { "shard_a", "shard_b" })]
public sealed record Visit([property: PgKey] long Id, string Country, DateTimeOffset At);
