using Pgx;

namespace Pgx.Tests.Models;

/// <summary>
/// Trigger routing, rows of many tenants: the application's role is granted on the parent only, row-level
/// security policies and an audit trigger live on the parent, and the repository writes the children directly.
/// </summary>
[PgTable("invoices", Schema = "billing")]
[PartitionBy(nameof(Region), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[ListPartition("invoices_eu", "eu")]
[ListPartition("invoices_us", "us")]
public sealed record Invoice([property: PgKey] long Id, string Region, string Tenant, decimal Amount);

/// <summary>The declarative counterpart of <see cref="Invoice"/>: FindAsync reads the partition directly.</summary>
[PgTable("payments", Schema = "billing")]
[PartitionBy(nameof(Region), PartitionKind.List)]
[ListPartition("payments_eu", "eu")]
[ListPartition("payments_us", "us")]
public sealed record Payment([property: PgKey] long Id, string Region, string Tenant, decimal Amount);

/// <summary>
/// A table a migration changes under running repositories: its <c>int</c> key widened to <c>bigint</c> and its name
/// from <c>text</c> to <c>varchar</c>, while pooled connections hold statements prepared for the old types.
/// </summary>
[PgTable("accounts", Schema = "billing")]
public sealed record Account([property: PgKey] int Id, string Name, int Balance);
