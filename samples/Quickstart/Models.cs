using Pgx;

namespace Quickstart;

/// <summary>
/// The table from "When Your Postgres Database and ORM Collide: Partitioning": rows are routed by p into
/// child tables t1 and t2 by a BEFORE INSERT trigger. Pgx writes the DDL, the trigger function, the child
/// tables' primary keys and indexes.
/// </summary>
[PgTable("t")]
[PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[ListPartition("t1", 1)]
[ListPartition("t2", 2)]
public sealed record T([property: PgKey] long Id, int P, string? Value);
