using Pgx;

// The same database, read back through postgres_fdw: the attribute holds defaults only; the connection comes from
// PgxApplyOptions at run time (see Program.cs).
[assembly: ForeignServer("self", Host = "localhost", DbName = "postgres")]

namespace AotSample;

/// <summary>A trigger-routed table: rows go straight to the child p selects.</summary>
[PgTable("aot_items")]
[PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[ListPartition("aot_items_1", 1)]
[ListPartition("aot_items_2", 2)]
public sealed record Item([property: PgKey] long Id, int P, string Label);

/// <summary>The same rows as a foreign table, for the read-only repository's QueryAsync.</summary>
[PgTable("aot_items", Schema = "mirror")]
[ForeignTable("self", RemoteSchema = "public", RemoteName = "aot_items")]
public sealed record MirroredItem([property: PgKey] long Id, int P, string Label);
