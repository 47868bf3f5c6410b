namespace Pgx.Generators.Tests.Sql;

/// <summary>Wraps statements in a class that has every data-access object a call site needs.</summary>
internal static class SqlCallSiteSources
{
    /// <summary>The usings and declarations every snippet can use.</summary>
    public const string Prelude = """
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.EntityFrameworkCore;
        using Npgsql;
        using Pgx;

        """;

    /// <summary>
    /// The table of "When Your Postgres Database and ORM Collide: Partitioning" and two others: trigger-routed
    /// public.t (key id from public.t_id_seq), declarative telemetry.events, plain public.plain.
    /// </summary>
    public const string Tables = """
        [PgTable("t")]
        [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
        [ListPartition("t1", 1)]
        [ListPartition("t2", 2)]
        public sealed record T([property: PgKey] long Id, int P, string? Value);

        [PgTable("events", Schema = "telemetry")]
        [PartitionBy(nameof(At), PartitionKind.Range)]
        [RangePartition("events_2026", "2026-01-01", "2027-01-01")]
        public sealed record Event(long Id, System.DateTimeOffset At);

        [PgTable("plain")]
        public sealed record Plain(long Id, string Name);

        """;

    /// <summary>
    /// A reporting database like the one in thoughtbot's article on querying an app database from a reporting
    /// database, with a second server: app_db (typed app.users and app.companies, read-only;
    /// app.notes, writable) and billing_db (billing.invoices and billing.payments imported by name), plus
    /// <see cref="Tables"/> and a local production.events.
    /// </summary>
    public const string ForeignModels = """
        [assembly: ForeignServer("app_db")]
        [assembly: ForeignServer("billing_db")]
        [assembly: ImportForeignSchema("billing_db", RemoteSchema = "public", LocalSchema = "billing", LimitTo = new[] { "invoices", "payments" })]

        """ + Tables + """
        [PgTable("users", Schema = "app")]
        [ForeignTable("app_db", RemoteSchema = "public", RemoteName = "users")]
        public sealed record User([property: PgKey] int Id, int CompanyId, string Email);

        [PgTable("companies", Schema = "app")]
        [ForeignTable("app_db")]
        public sealed record Company([property: PgKey] int Id, string Name);

        [PgTable("notes", Schema = "app")]
        [ForeignTable("app_db", ReadOnly = false)]
        public sealed record Note([property: PgKey] int Id, int UserId, string Body);

        [PgTable("events", Schema = "production")]
        public sealed record PageView([property: PgKey] long Id, string UserId);

        """;

    /// <summary>An EF Core context without sets: the raw-SQL APIs hang off it.</summary>
    public const string Context = """
        public sealed class AppDb : DbContext
        {
            public AppDb(DbContextOptions<AppDb> options) : base(options) { }
        }

        """;

    /// <summary>
    /// A class whose method body is <paramref name="body"/>, plus <paramref name="models"/> (by default
    /// <see cref="Tables"/>, or none when <paramref name="withTables"/> is false).
    /// </summary>
    public static string Method(string body, string members = "", bool withTables = true, string? models = null) => Prelude + (models ?? (withTables ? Tables : "")) + Context + """
        public sealed class Calls
        {

        """ + members + """

            public async Task Run(NpgsqlConnection connection, NpgsqlDataSource dataSource, NpgsqlTransaction transaction, AppDb db, int p)
            {

        """ + body + """

                await Task.CompletedTask;
            }
        }
        """;
}
