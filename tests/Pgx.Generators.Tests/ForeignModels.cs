namespace Pgx.Generators.Tests;

/// <summary>
/// Foreign-table model sources: the reporting database of thoughtbot's article on querying an app database from a
/// reporting database with postgres_fdw, as records.
/// </summary>
internal static class ForeignModels
{
    /// <summary>The server and the schema import, in a file of their own (as an AssemblyInfo would hold them).</summary>
    public const string Declarations = """
        using Pgx;

        [assembly: ForeignServer("app_db", Host = "localhost", DbName = "app", Port = 5432, FetchSize = 1000, UseRemoteEstimate = true)]
        [assembly: ImportForeignSchema("app_db", RemoteSchema = "public", LocalSchema = "app", Except = new[] { "schema_migrations" })]
        """;

    /// <summary>A typed foreign table and a local table of the reporting database.</summary>
    public const string Records = """
        using System;
        using Pgx;

        namespace Reporting;

        [PgTable("users", Schema = "app")]
        [ForeignTable("app_db", RemoteSchema = "public", RemoteName = "users")]
        public sealed record User([property: PgKey] int Id, int CompanyId, string Email, DateTimeOffset? LastSeenAt);

        [PgTable("events", Schema = "production")]
        public sealed record Event([property: PgKey] long Id, string UserId, string Name, DateTimeOffset OccurredAt);
        """;

    /// <summary>A foreign table the reporting side may write, with an enum, a nullable and a settable property.</summary>
    public const string WritableRecord = """
        using System;
        using Pgx;

        namespace Reporting.Notes;

        public enum NoteKind { Remark, FollowUp }

        [PgTable("notes", Schema = "app")]
        [ForeignTable("app_db", ReadOnly = false)]
        public sealed record Note([property: PgKey] int Id, string Body, NoteKind Kind)
        {
            public DateTimeOffset? ReviewedAt { get; init; }
        }
        """;
}
