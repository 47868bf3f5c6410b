using Pgx;

namespace Pgx.Benchmarks;

// The table of the conversion probe (ConversionProbe.cs): the model is declarative; the probe builds the table by
// hand as a trigger-routed one first (children that INHERITS it with a CHECK each, a routing trigger), loads it, and
// PgxSchema.ApplyAsync converts it in place.

/// <summary>A declarative LIST table of 25 partitions, which the probe finds routed by a trigger.</summary>
[PgTable("conv")]
[PartitionBy(nameof(P), PartitionKind.List)]
[ListPartition("conv_01", 1)]
[ListPartition("conv_02", 2)]
[ListPartition("conv_03", 3)]
[ListPartition("conv_04", 4)]
[ListPartition("conv_05", 5)]
[ListPartition("conv_06", 6)]
[ListPartition("conv_07", 7)]
[ListPartition("conv_08", 8)]
[ListPartition("conv_09", 9)]
[ListPartition("conv_10", 10)]
[ListPartition("conv_11", 11)]
[ListPartition("conv_12", 12)]
[ListPartition("conv_13", 13)]
[ListPartition("conv_14", 14)]
[ListPartition("conv_15", 15)]
[ListPartition("conv_16", 16)]
[ListPartition("conv_17", 17)]
[ListPartition("conv_18", 18)]
[ListPartition("conv_19", 19)]
[ListPartition("conv_20", 20)]
[ListPartition("conv_21", 21)]
[ListPartition("conv_22", 22)]
[ListPartition("conv_23", 23)]
[ListPartition("conv_24", 24)]
[ListPartition("conv_25", 25)]
public sealed record ConversionRow([property: PgKey] long Id, int P, string? Value);
