using System;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Pgx.Foreign.Tests.Infrastructure;

/// <summary>
/// The app database's server: a throwaway PostgreSQL cluster of its own, on its own loopback port, where every role
/// but postgres must log in with its scram password. It has a <c>reporting</c> role that can only read, the way
/// thoughtbot's article on querying an app database from a reporting database set up its link. One per test run; each
/// test makes its own databases.
/// </summary>
public sealed class AppServer : IAsyncLifetime
{
    /// <summary>The cluster.</summary>
    public PostgresServer Server { get; private set; } = null!;

    /// <summary>The read-only role postgres_fdw logs in as.</summary>
    public string ReportingRole { get; } = "reporting";

    /// <summary>
    /// Its password: made up at run time (so it is in no file of this repository or its build output), with
    /// a quote, a backslash and a space, which must survive every layer of quoting on the way to libpq.
    /// </summary>
    public string ReportingPassword { get; } = "pw '\\\" " + Guid.NewGuid().ToString("N");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        Server = await PostgresServer.StartThrowawayAsync();
        await using var db = NpgsqlDataSource.Create(Server.ConnectionString);
        await Sql.ExecuteFormattedAsync(db, "CREATE ROLE %I LOGIN PASSWORD %L", ReportingRole, ReportingPassword);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Test classes that share the app server.</summary>
[CollectionDefinition(Name)]
public sealed class AppServerCollection : ICollectionFixture<AppServer>
{
    /// <summary>The collection name.</summary>
    public const string Name = "app server";
}
