using System;
using Pgx;

// The app database, as a postgres_fdw server of the reporting database. The attribute holds defaults only:
// host, port, database, user and password come from PgxApplyOptions at run time (see Program.cs).
[assembly: ForeignServer("app_db", Host = "localhost", DbName = "app", FetchSize = 1000, UseRemoteEstimate = true)]

namespace Quickstart;

/// <summary>
/// The table from "When Your Postgres Database and ORM Collide: Partitioning": rows are routed by p into
/// child tables t1 and t2 by a BEFORE INSERT trigger. Pgx writes the DDL, the trigger function, the child
/// tables' primary keys and indexes, and TRepository.
/// </summary>
[PgTable("t")]
[PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
[ListPartition("t1", 1)]
[ListPartition("t2", 2)]
public sealed record T([property: PgKey] long Id, int P, string? Value);

/// <summary>
/// The app's users, read from the reporting database through postgres_fdw: a foreign table app.users whose
/// columns come from this record, checked for drift, with a read-only UserRepository.
/// </summary>
[PgTable("users", Schema = "app")]
[ForeignTable("app_db", RemoteSchema = "public", RemoteName = "users")]
public sealed record User([property: PgKey] int Id, int CompanyId, string Email);

/// <summary>Segment's page views: a local table of the reporting database (user ids arrive as text).</summary>
[PgTable("events", Schema = "production")]
public sealed record Event([property: PgKey] long Id, string UserId, string Name, DateTimeOffset OccurredAt);
