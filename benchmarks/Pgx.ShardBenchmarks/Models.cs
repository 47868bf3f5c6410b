using Pgx;

namespace Pgx.ShardBenchmarks;

/// <summary>REMOTE rows on the server <c>shard</c>, LOCAL rows on the coordinator.</summary>
[PgTable("orders")]
[PartitionBy(nameof(Region), PartitionKind.List)]
[ListPartition("orders_remote", "REMOTE", Server = "shard")]
[ListPartition("orders_local", "LOCAL")]
public sealed record Order([property: PgKey] long Id, string Region, int CustomerId, decimal Amount);

/// <summary>
/// The shard's <c>notes</c> through a writable foreign table: what <c>InsertManyAsync</c> of a <c>[ForeignTable]</c>
/// record costs (<c>foreign-insert-many</c> in Program.cs).
/// </summary>
[PgTable("shard_notes")]
[ForeignTable("shard", RemoteSchema = "public", RemoteName = "notes", ReadOnly = false)]
public sealed record ShardNote([property: PgKey] long Id, int CustomerId, string Body, System.DateTimeOffset? ReviewedAt);
