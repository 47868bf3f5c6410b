using Pgx;

namespace Pgx.Benchmarks;

// The tables of the apply-stall probe (ApplyStallProbe.cs): an index on value added to a 1,000,000-row,
// 25-partition table while a writer inserts through the generated repository. The database starts without the
// index (the previous version of the model) and PgxSchema.ApplyAsync adds it.

/// <summary>A declarative LIST table of 25 partitions with an index on <see cref="Value"/>.</summary>
[PgTable("stall_decl")]
[PartitionBy(nameof(P), PartitionKind.List)]
[PgIndex(nameof(Value))]
[ListPartition("stall_decl_01", 1)]
[ListPartition("stall_decl_02", 2)]
[ListPartition("stall_decl_03", 3)]
[ListPartition("stall_decl_04", 4)]
[ListPartition("stall_decl_05", 5)]
[ListPartition("stall_decl_06", 6)]
[ListPartition("stall_decl_07", 7)]
[ListPartition("stall_decl_08", 8)]
[ListPartition("stall_decl_09", 9)]
[ListPartition("stall_decl_10", 10)]
[ListPartition("stall_decl_11", 11)]
[ListPartition("stall_decl_12", 12)]
[ListPartition("stall_decl_13", 13)]
[ListPartition("stall_decl_14", 14)]
[ListPartition("stall_decl_15", 15)]
[ListPartition("stall_decl_16", 16)]
[ListPartition("stall_decl_17", 17)]
[ListPartition("stall_decl_18", 18)]
[ListPartition("stall_decl_19", 19)]
[ListPartition("stall_decl_20", 20)]
[ListPartition("stall_decl_21", 21)]
[ListPartition("stall_decl_22", 22)]
[ListPartition("stall_decl_23", 23)]
[ListPartition("stall_decl_24", 24)]
[ListPartition("stall_decl_25", 25)]
public sealed record StallDeclarativeRow([property: PgKey] long Id, int P, string? Value);

/// <summary>The same table routed by a trigger to 25 inheritance children, each with its own index on <see cref="Value"/>.</summary>
[PgTable("stall_trig")]
[PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[PgIndex(nameof(Value))]
[ListPartition("stall_trig_01", 1)]
[ListPartition("stall_trig_02", 2)]
[ListPartition("stall_trig_03", 3)]
[ListPartition("stall_trig_04", 4)]
[ListPartition("stall_trig_05", 5)]
[ListPartition("stall_trig_06", 6)]
[ListPartition("stall_trig_07", 7)]
[ListPartition("stall_trig_08", 8)]
[ListPartition("stall_trig_09", 9)]
[ListPartition("stall_trig_10", 10)]
[ListPartition("stall_trig_11", 11)]
[ListPartition("stall_trig_12", 12)]
[ListPartition("stall_trig_13", 13)]
[ListPartition("stall_trig_14", 14)]
[ListPartition("stall_trig_15", 15)]
[ListPartition("stall_trig_16", 16)]
[ListPartition("stall_trig_17", 17)]
[ListPartition("stall_trig_18", 18)]
[ListPartition("stall_trig_19", 19)]
[ListPartition("stall_trig_20", 20)]
[ListPartition("stall_trig_21", 21)]
[ListPartition("stall_trig_22", 22)]
[ListPartition("stall_trig_23", 23)]
[ListPartition("stall_trig_24", 24)]
[ListPartition("stall_trig_25", 25)]
public sealed record StallTriggerRow([property: PgKey] long Id, int P, string? Value);
