using System;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Quickstart;

/// <summary>
/// The two databases of thoughtbot's article on querying an app database from a reporting database, on one server:
/// the app database (users and companies, and a role <c>reporting</c> that may only read them and logs in with a
/// password) and an empty reporting database that Pgx builds from Models.cs.
/// </summary>
internal sealed class Databases : IAsyncDisposable
{
    /// <summary>Users 1…200; user n belongs to company n % 25.</summary>
    public const int UserCount = 200;

    /// <summary>Companies 0…24.</summary>
    public const int CompanyCount = 25;

    private Databases(NpgsqlDataSource app, NpgsqlDataSource reporting, string reportingRole, string reportingPassword, string serverVersion)
    {
        App = app;
        Reporting = reporting;
        ReportingRole = reportingRole;
        ReportingPassword = reportingPassword;
        ServerVersion = serverVersion;
    }

    /// <summary>The app database, as its owner: the app's own migrations run with this.</summary>
    public NpgsqlDataSource App { get; }

    /// <summary>The reporting database.</summary>
    public NpgsqlDataSource Reporting { get; }

    /// <summary>The app database's name.</summary>
    public string AppName => new NpgsqlConnectionStringBuilder(App.ConnectionString).Database!;

    /// <summary>The reporting database's name.</summary>
    public string ReportingName => new NpgsqlConnectionStringBuilder(Reporting.ConnectionString).Database!;

    /// <summary>The read-only role postgres_fdw logs in as.</summary>
    public string ReportingRole { get; }

    /// <summary>Its password: made up at run time, so it is in no file.</summary>
    private string ReportingPassword { get; }

    /// <summary>PostgreSQL's version, e.g. 15.18.</summary>
    public string ServerVersion { get; }

    /// <summary>How the reporting database reaches the app database: the app's address, as the reporting role.</summary>
    public string AppConnectionStringForReporting => new NpgsqlConnectionStringBuilder(App.ConnectionString)
    {
        Username = ReportingRole,
        Password = ReportingPassword,
    }.ConnectionString;

    /// <summary>Creates both databases, the app's tables and rows, and the reporting role.</summary>
    public static async Task<Databases> CreateAsync(PostgresServer server)
    {
        var app = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("quickstart_app"));
        var reporting = NpgsqlDataSource.Create(await server.CreateDatabaseAsync("quickstart_reporting"));
        await using (var migrate = app.CreateCommand($"""
            CREATE TABLE companies (id integer PRIMARY KEY, name text NOT NULL);
            CREATE TABLE users (id integer PRIMARY KEY, company_id integer NOT NULL REFERENCES companies, email text NOT NULL);
            INSERT INTO companies SELECT g, 'company ' || g FROM generate_series(0, {CompanyCount - 1}) g;
            INSERT INTO users SELECT g, g % {CompanyCount}, 'user' || g || '@example.com' FROM generate_series(1, {UserCount}) g;
            """))
        {
            await migrate.ExecuteNonQueryAsync();
        }

        string version;
        await using (var query = app.CreateCommand("SELECT split_part(current_setting('server_version'), ' ', 1)"))
        {
            version = (string)(await query.ExecuteScalarAsync())!;
        }

        // Roles belong to the whole server: on a shared PGX_CONNECTION server the role gets a name of its own.
        var role = server.IsThrowaway ? "reporting" : "pgx_reporting_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        var password = "pgx-" + Guid.NewGuid().ToString("N");
        var databases = new Databases(app, reporting, role, password, version);
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
        {
            await ExecuteFormattedAsync(admin, "CREATE ROLE %I LOGIN PASSWORD %L", role, password);
        }

        try
        {
            await ExecuteFormattedAsync(app, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I", role);
        }
        catch
        {
            // Without its grant the role holds nothing and can go at once.
            await databases.DropRoleAsync(server.ConnectionString);
            throw;
        }

        return databases;
    }

    /// <summary>Drops the role on a PGX_CONNECTION server, after its databases (which hold its grants) are gone.</summary>
    public async Task DropRoleAsync(string serverConnectionString)
    {
        try
        {
            await using var admin = NpgsqlDataSource.Create(serverConnectionString);
            await ExecuteFormattedAsync(admin, "DROP ROLE IF EXISTS %I", ReportingRole);
        }
        catch (NpgsqlException ex)
        {
            Console.Error.WriteLine($"Could not drop the role {ReportingRole}: {ex.Message}");
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Reporting.DisposeAsync();
    }

    /// <summary>
    /// Runs a utility statement (which takes no parameters) built by PostgreSQL's own format(), so names (%I) and
    /// values (%L) are quoted by the server, never pasted in.
    /// </summary>
    private static async Task ExecuteFormattedAsync(NpgsqlDataSource db, string format, string name, string? value = null)
    {
        await using var build = db.CreateCommand(value is null ? "SELECT format($1, $2)" : "SELECT format($1, $2, $3)");
        build.Parameters.Add(new NpgsqlParameter<string> { TypedValue = format });
        build.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        if (value is not null)
        {
            build.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        }

        var statement = (string)(await build.ExecuteScalarAsync())!;
        await using var run = db.CreateCommand(statement);
        await run.ExecuteNonQueryAsync();
    }
}
