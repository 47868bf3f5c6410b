using System;
using Pgx;

namespace Pgx.Tests.Models;

/// <summary>
/// A <c>numeric(10,2)</c> partition key: PostgreSQL rounds to cents before the child's CHECK sees the value, so
/// 9.999 belongs above the bound at 10.
/// </summary>
[PgTable("prices", Schema = "stored")]
[PartitionBy(nameof(Amount), PartitionKind.Range, Routing = PartitionRouting.Trigger)]
[RangePartition("prices_low", "MINVALUE", "10")]
[RangePartition("prices_high", "10", "MAXVALUE")]
public sealed record Price([property: PgKey] long Id, [property: PgColumn(Type = "numeric(10,2)")] decimal Amount, string Label);

/// <summary>
/// A <c>timestamp</c> key with bounds before and after 2000-01-01: Npgsql sends microseconds since 2000, cutting
/// sub-microsecond ticks toward that date, so before 2000 a value one tick below a bound is stored at the bound.
/// </summary>
[PgTable("visits", Schema = "stored")]
[PartitionBy(nameof(At), PartitionKind.Range, Routing = PartitionRouting.Trigger)]
[RangePartition("visits_old", "MINVALUE", "1999-01-01")]
[RangePartition("visits_mid", "1999-01-01", "2026-01-01")]
[RangePartition("visits_new", "2026-01-01", "MAXVALUE")]
public sealed record Visit([property: PgKey] long Id, DateTime At, string Label);

/// <summary>A <c>timestamp(0)</c> key: PostgreSQL rounds to whole seconds, half away from 2000-01-01.</summary>
[PgTable("shifts", Schema = "stored")]
[PartitionBy(nameof(At), PartitionKind.Range, Routing = PartitionRouting.Trigger)]
[RangePartition("shifts_old", "MINVALUE", "1999-01-01")]
[RangePartition("shifts_mid", "1999-01-01", "2026-01-01")]
[RangePartition("shifts_new", "2026-01-01", "MAXVALUE")]
public sealed record Shift([property: PgKey] long Id, [property: PgColumn(Type = "timestamp(0)")] DateTime At, string Label);

/// <summary>A declarative <c>timestamptz(3)</c> key: PostgreSQL routes, generated code picks the partition to read.</summary>
[PgTable("logins", Schema = "stored")]
[PartitionBy(nameof(At), PartitionKind.Range)]
[RangePartition("logins_old", "MINVALUE", "1999-01-01")]
[RangePartition("logins_mid", "1999-01-01", "2026-01-01")]
[RangePartition("logins_new", "2026-01-01", "MAXVALUE")]
public sealed record Login([property: PgKey] long Id, [property: PgColumn(Type = "timestamptz(3)")] DateTimeOffset At, string Label);

/// <summary>A <c>long</c>-based enum with members that fit integer, smallint, or only bigint.</summary>
public enum Severity : long
{
    /// <summary>Fits every integer type.</summary>
    Info = 1,

    /// <summary>Fits every integer type.</summary>
    Warning = 2,

    /// <summary>Fits every integer type.</summary>
    Page = 3,

    /// <summary>Too big for smallint.</summary>
    Loud = 40_000,

    /// <summary>Too big for integer.</summary>
    Huge = 5_000_000_000,
}

/// <summary>A <c>byte</c>-based enum: a smallint column can hold numbers it cannot.</summary>
public enum Channel : byte
{
    /// <summary>Email.</summary>
    Email = 1,

    /// <summary>Text message.</summary>
    Sms = 2,

    /// <summary>Pager.</summary>
    Pager = 200,
}

/// <summary>
/// Enums stored in narrower integer columns, on a trigger-routed table so that batches take both the unnest and
/// the COPY path; the partition key is one of them.
/// </summary>
[PgTable("alerts", Schema = "stored")]
[PartitionBy(nameof(Severity), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[ListPartition("alerts_quiet", Severity.Info, Severity.Warning)]
[ListPartition("alerts_loud", Severity.Page, Severity.Loud)]
public sealed record Alert(
    [property: PgKey] long Id,
    [property: PgColumn(Type = "integer")] Severity Severity,
    [property: PgColumn(Type = "smallint")] Severity? Peak,
    [property: PgColumn(Type = "int2")] Channel Channel,
    string Text);
