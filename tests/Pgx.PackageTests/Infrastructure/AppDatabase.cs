using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Pgx.PackageTests.Infrastructure;

/// <summary>
/// The remote side of the consumer's foreign table: an app database on the shared server with a customers table,
/// and a role of its own that may only read it and must log in with its password (the throwaway cluster trusts
/// only postgres). Disposing drops both.
/// </summary>
internal sealed class AppDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;

    private AppDatabase(PostgresServer server, string connectionString, string role, string password)
    {
        _server = server;
        ConnectionString = connectionString;
        Role = role;
        Password = password;
    }

    /// <summary>The app database, as its owner.</summary>
    public string ConnectionString { get; }

    /// <summary>The read-only role the foreign server logs in as (named per test: roles belong to the whole server).</summary>
    public string Role { get; }

    /// <summary>
    /// Its password: made up at run time, with a quote, a backslash and a space that must survive psql's -v and
    /// every layer of quoting after it.
    /// </summary>
    public string Password { get; }

    /// <summary>The app database's address with the role's login: what the consumer passes to ForeignServerOptions.</summary>
    public string ConnectionStringForRole => new NpgsqlConnectionStringBuilder(ConnectionString) { Username = Role, Password = Password }.ConnectionString;

    /// <summary>The psql variables pgx.foreign.sql takes for the server app_db.</summary>
    public IReadOnlyDictionary<string, string> PsqlVariables
    {
        get
        {
            var app = new NpgsqlConnectionStringBuilder(ConnectionString);
            return new Dictionary<string, string>
            {
                ["app_db_host"] = app.Host!,
                ["app_db_port"] = app.Port.ToString(CultureInfo.InvariantCulture),
                ["app_db_dbname"] = app.Database!,
                ["app_db_user"] = Role,
                ["app_db_password"] = Password,
            };
        }
    }

    public static async Task<AppDatabase> CreateAsync(PostgresServer server, string hint)
    {
        var connectionString = await server.CreateDatabaseAsync(hint);
        var role = "pgx_pkg_" + Guid.NewGuid().ToString("N").Substring(0, 12);
        var password = "pw '\\\" " + Guid.NewGuid().ToString("N");
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
        {
            // Utility statements take no parameters: format() quotes the name and the value server-side.
            await ExecuteAsync(admin, await ScalarAsync(admin, "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', $1::text, $2::text)", role, password));
        }

        await using (var app = NpgsqlDataSource.Create(connectionString))
        {
            await ExecuteAsync(app, """
                CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
                INSERT INTO customers VALUES (1, 'Alice'), (2, 'Bob'), (3, 'Carol');
                """);
            await ExecuteAsync(app, await ScalarAsync(app, "SELECT format('GRANT SELECT ON customers TO %I', $1::text)", role));
        }

        return new AppDatabase(server, connectionString, role, password);
    }

    /// <summary>Drops the database (its grants go with it), then the role.</summary>
    public async ValueTask DisposeAsync()
    {
        await using var admin = NpgsqlDataSource.Create(_server.ConnectionString);
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database!;
        await ExecuteAsync(admin, await ScalarAsync(admin, "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', $1::text)", database));
        await ExecuteAsync(admin, await ScalarAsync(admin, "SELECT format('DROP ROLE IF EXISTS %I', $1::text)", Role));
    }

    private static async Task<string> ScalarAsync(NpgsqlDataSource db, string sql, params string[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = parameter });
        }

        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
