using System;
using Pgx;

namespace Pgx.Tests.Models;

/// <summary>Trigger routing by RANGE over dates, a default child, a shared named sequence and an index.</summary>
[PgTable("entries", Schema = "ledger")]
[PartitionBy(nameof(BookedOn), PartitionKind.Range, Routing = PartitionRouting.Trigger)]
[RangePartition("entries_2025", "2025-01-01", "2026-01-01")]
[RangePartition("entries_2026", "2026-01-01", "2027-01-01")]
[DefaultPartition("entries_other")]
[PgIndex(nameof(Account))]
public sealed record Entry([property: PgKey, PgSequence("ledger_ids")] long Id, DateOnly BookedOn, string Account, decimal Amount);

/// <summary>Hostile names: mixed case, a reserved word, quotes and a non-ASCII letter must all be quoted, never pasted.</summary>
[PgTable("Weird \"Table\"", Schema = "Odd Schema")]
[PartitionBy(nameof(Kind), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[ListPartition("weird_it's", "it's")]
[ListPartition("Wéird-Other", "back\\slash", "x\"y")]
public sealed record Weird([property: PgKey] int Id, [property: PgColumn("select")] string Kind);
