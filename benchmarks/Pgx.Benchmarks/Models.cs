using Pgx;

namespace Pgx.Benchmarks;

/// <summary>
/// The trigger-partitioned table of "When Your Postgres Database and ORM Collide: Partitioning", at the scale the targets were set
/// for: 25 children routed by a BEFORE INSERT trigger on p.
/// </summary>
[PgTable("trig")]
[PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[ListPartition("trig_01", 1)]
[ListPartition("trig_02", 2)]
[ListPartition("trig_03", 3)]
[ListPartition("trig_04", 4)]
[ListPartition("trig_05", 5)]
[ListPartition("trig_06", 6)]
[ListPartition("trig_07", 7)]
[ListPartition("trig_08", 8)]
[ListPartition("trig_09", 9)]
[ListPartition("trig_10", 10)]
[ListPartition("trig_11", 11)]
[ListPartition("trig_12", 12)]
[ListPartition("trig_13", 13)]
[ListPartition("trig_14", 14)]
[ListPartition("trig_15", 15)]
[ListPartition("trig_16", 16)]
[ListPartition("trig_17", 17)]
[ListPartition("trig_18", 18)]
[ListPartition("trig_19", 19)]
[ListPartition("trig_20", 20)]
[ListPartition("trig_21", 21)]
[ListPartition("trig_22", 22)]
[ListPartition("trig_23", 23)]
[ListPartition("trig_24", 24)]
[ListPartition("trig_25", 25)]
public sealed record TriggerRow([property: PgKey] long Id, int P, string? Value);

/// <summary>The same table with declarative partitioning.</summary>
[PgTable("decl")]
[PartitionBy(nameof(P), PartitionKind.List)]
[ListPartition("decl_01", 1)]
[ListPartition("decl_02", 2)]
[ListPartition("decl_03", 3)]
[ListPartition("decl_04", 4)]
[ListPartition("decl_05", 5)]
[ListPartition("decl_06", 6)]
[ListPartition("decl_07", 7)]
[ListPartition("decl_08", 8)]
[ListPartition("decl_09", 9)]
[ListPartition("decl_10", 10)]
[ListPartition("decl_11", 11)]
[ListPartition("decl_12", 12)]
[ListPartition("decl_13", 13)]
[ListPartition("decl_14", 14)]
[ListPartition("decl_15", 15)]
[ListPartition("decl_16", 16)]
[ListPartition("decl_17", 17)]
[ListPartition("decl_18", 18)]
[ListPartition("decl_19", 19)]
[ListPartition("decl_20", 20)]
[ListPartition("decl_21", 21)]
[ListPartition("decl_22", 22)]
[ListPartition("decl_23", 23)]
[ListPartition("decl_24", 24)]
[ListPartition("decl_25", 25)]
public sealed record DeclarativeRow([property: PgKey] long Id, int P, string? Value);

/// <summary>The same columns, unpartitioned: the ceiling every recipe is measured against.</summary>
[PgTable("plain")]
public sealed record PlainRow([property: PgKey] long Id, int P, string? Value);

/// <summary>
/// A trigger-routed table with two children, for bulk loads where each child receives a large share: where
/// <c>InsertManyAsync</c>'s time goes, and <c>ImportAsync</c> against hand-written COPY into the same children.
/// </summary>
[PgTable("pair")]
[PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[ListPartition("pair_1", 1)]
[ListPartition("pair_2", 2)]
public sealed record PairRow([property: PgKey] long Id, int P, string? Value);
