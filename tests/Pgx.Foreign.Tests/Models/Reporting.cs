using System;
using Pgx;

// The reporting database of thoughtbot's article on querying an app database from a reporting database: the app
// database is a foreign server whose address and credentials come from the app's own connection string at run time.
// Everything in its public schema is imported into "app"; users is also a typed record, so its shape is checked for
// drift.
[assembly: ForeignServer("app_db", Host = "localhost", DbName = "app", FetchSize = 1000, UseRemoteEstimate = true)]
[assembly: ImportForeignSchema("app_db", RemoteSchema = "public", LocalSchema = "app")]

// A second link to the app database that only typed records use: nothing in the refresh reads through it (there
// is no import), so only the link check before commit can tell that its port or password is wrong. It turns one of
// Pgx's fast defaults off and leaves batch_size to whoever manages the server; the rest are Pgx's defaults.
[assembly: ForeignServer("app_typed", Host = "localhost", DbName = "app", AsyncCapable = false, BatchSize = 0)]

namespace Reporting;

/// <summary>The app's users, read through postgres_fdw.</summary>
[PgTable("users", Schema = "app")]
[ForeignTable("app_db", RemoteSchema = "public", RemoteName = "users")]
public sealed record User([property: PgKey] int Id, int CompanyId, string Email);

/// <summary>Notes the reporting side may write back: the one table the reporting role can change.</summary>
[PgTable("notes", Schema = "app")]
[ForeignTable("app_db", ReadOnly = false)]
public sealed record Note([property: PgKey] int Id, int UserId, string Body, NoteKind Kind, DateTimeOffset? ReviewedAt);

/// <summary>The app's companies, through the link that has typed records only.</summary>
[PgTable("companies", Schema = "typed")]
[ForeignTable("app_typed", RemoteSchema = "public", RemoteName = "companies")]
public sealed record Company([property: PgKey] int Id, string Name);

/// <summary>What a note is about (stored as its integer value).</summary>
public enum NoteKind
{
    /// <summary>A remark.</summary>
    Remark = 0,

    /// <summary>A flag for follow-up.</summary>
    FollowUp = 1,
}

/// <summary>Segment's events: a local table of the reporting database (user ids arrive as text).</summary>
[PgTable("events", Schema = "production")]
public sealed record Event([property: PgKey] long Id, string UserId, string Name, DateTimeOffset OccurredAt);
