using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Pgx.Foreign.Tests.Infrastructure;

/// <summary>
/// One app database and its reporting database: a fresh app database on the app server (users and companies,
/// readable by the reporting role; notes, which it may also write) and a fresh, empty reporting database on the
/// shared server, plus the options that link them, derived from a connection string as an application would derive
/// them from its configuration.
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    /// <summary>Users 1…200; user n belongs to company n % 25.</summary>
    public const int UserCount = 200;

    /// <summary>Companies 0…24.</summary>
    public const int CompanyCount = 25;

    /// <summary>
    /// The pgx.foreign.sql artifact the build wrote next to this assembly (<c>PgxSchema.ForeignSql</c> in a
    /// transaction, under the advisory lock).
    /// </summary>
    public static readonly string ForeignArtifact = System.IO.Path.Combine(AppContext.BaseDirectory, "sql", "pgx.foreign.sql");

    private Scenario(AppServer appServer, NpgsqlDataSource app, string appDatabase, NpgsqlDataSource reporting, string reportingConnectionString)
    {
        AppServer = appServer;
        App = app;
        AppDatabase = appDatabase;
        Reporting = reporting;
        ReportingConnectionString = reportingConnectionString;
    }

    /// <summary>The app server.</summary>
    public AppServer AppServer { get; }

    /// <summary>The app database, as its owner (the app runs its migrations with this).</summary>
    public NpgsqlDataSource App { get; }

    /// <summary>The app database's name.</summary>
    public string AppDatabase { get; }

    /// <summary>The reporting database.</summary>
    public NpgsqlDataSource Reporting { get; }

    /// <summary>The reporting database's connection string.</summary>
    public string ReportingConnectionString { get; }

    /// <summary>How the reporting side reaches the app database: the reporting role's connection string.</summary>
    public string AppConnectionStringForReporting => new NpgsqlConnectionStringBuilder(App.ConnectionString)
    {
        Username = AppServer.ReportingRole,
        Password = AppServer.ReportingPassword,
    }.ConnectionString;

    /// <summary>Apply options with the app server's address and the reporting role's credentials, for both links.</summary>
    public PgxApplyOptions Options
    {
        get
        {
            var options = new PgxApplyOptions();
            options.ForeignServers["app_db"] = ForeignServerOptions.FromConnectionString(AppConnectionStringForReporting);
            options.ForeignServers["app_typed"] = ForeignServerOptions.FromConnectionString(AppConnectionStringForReporting);
            return options;
        }
    }

    /// <summary>The psql variables of the pgx.foreign.sql artifact with the same settings as <see cref="Options"/>.</summary>
    public Dictionary<string, string> PsqlVariables
    {
        get
        {
            var variables = new Dictionary<string, string>();
            foreach (var server in new[] { "app_db", "app_typed" })
            {
                variables[server + "_host"] = "127.0.0.1";
                variables[server + "_port"] = AppServer.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                variables[server + "_dbname"] = AppDatabase;
                variables[server + "_user"] = AppServer.ReportingRole;
                variables[server + "_password"] = AppServer.ReportingPassword;
            }

            return variables;
        }
    }

    /// <summary>Creates both databases and the app's tables and rows.</summary>
    public static async Task<Scenario> CreateAsync(AppServer appServer, string hint)
    {
        var appConnectionString = await appServer.Server.CreateDatabaseAsync("app_" + hint);
        var app = NpgsqlDataSource.Create(appConnectionString);
        var appDatabase = new NpgsqlConnectionStringBuilder(appConnectionString).Database!;
        await app.ExecuteAsync($"""
            CREATE TABLE companies (id integer PRIMARY KEY, name text NOT NULL);
            CREATE TABLE users (id integer PRIMARY KEY, company_id integer NOT NULL REFERENCES companies, email text NOT NULL);
            INSERT INTO companies SELECT g, 'company ' || g FROM generate_series(0, {CompanyCount - 1}) g;
            INSERT INTO users SELECT g, g % {CompanyCount}, 'user' || g || '@example.com' FROM generate_series(1, {UserCount}) g;
            CREATE TABLE notes (id integer PRIMARY KEY, user_id integer NOT NULL, body text NOT NULL, kind integer NOT NULL, reviewed_at timestamptz);
            INSERT INTO notes VALUES (1, 10, 'first note', 1, '2026-01-02T03:04:05Z');
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO {appServer.ReportingRole};
            GRANT INSERT, UPDATE ON notes TO {appServer.ReportingRole};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {appServer.ReportingRole};
            """);

        var shared = await PostgresServer.SharedAsync();
        var reportingConnectionString = await shared.CreateDatabaseAsync("reporting_" + hint);
        return new Scenario(appServer, app, appDatabase, NpgsqlDataSource.Create(reportingConnectionString), reportingConnectionString);
    }

    /// <summary>Segment-style events for the reporting database: user n has n % 4 events; user 9999 does not exist.</summary>
    public static IEnumerable<(int UserId, int Index)> Events() =>
        Enumerable.Range(1, UserCount).SelectMany(u => Enumerable.Range(0, u % 4).Select(i => (u, i))).Append((9999, 0));

    /// <summary>What the join of events and users should count for <paramref name="companyId"/>, computed here, not by SQL.</summary>
    public static int ExpectedEventsOfCompany(int companyId) =>
        Events().Count(e => e.UserId <= UserCount && e.UserId % CompanyCount == companyId);

    /// <summary>Fills production.events (after the schema is applied).</summary>
    public async Task InsertEventsAsync()
    {
        var events = Events().ToList();
        await Reporting.ExecuteAsync(
            "INSERT INTO production.events (id, user_id, name, occurred_at) SELECT g, u::text, 'page_view', now() FROM unnest($1::int[]) WITH ORDINALITY AS e(u, g)",
            events.Select(e => e.UserId).ToArray());
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Reporting.DisposeAsync();
    }
}
