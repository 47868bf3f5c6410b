using Pgx;

namespace Pgx.Tests.Models;

/// <summary>
/// The table t of "When Your Postgres Database and ORM Collide: Partitioning": rows routed by p, by a BEFORE INSERT
/// trigger, into the children t1 (p = 1) and t2 (p = 2).
/// </summary>
[PgTable("t")]
[PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[ListPartition("t1", 1)]
[ListPartition("t2", 2)]
[PgIndex(nameof(Value))]
public sealed record T([property: PgKey] long Id, int P, string? Value);
