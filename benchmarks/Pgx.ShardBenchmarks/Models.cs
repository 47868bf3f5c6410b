using Pgx;

namespace Pgx.ShardBenchmarks;

/// <summary>REMOTE rows on the server <c>shard</c>, LOCAL rows on the coordinator.</summary>
[PgTable("orders")]
[PartitionBy(nameof(Region), PartitionKind.List)]
[ListPartition("orders_remote", "REMOTE", Server = "shard")]
[ListPartition("orders_local", "LOCAL")]
public sealed record Order([property: PgKey] long Id, string Region, int CustomerId, decimal Amount);
