using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Testing;

namespace Pgx.Benchmarks;

/// <summary>
/// The two databases of thoughtbot's article on querying an app database from a reporting database, each on a
/// throwaway cluster of its own on loopback: the app cluster holds <c>users</c> (with a <c>company_id</c>) and
/// an empty <c>visits</c> table that inserts go to; the reporting cluster holds the local <c>events</c>, a local
/// copy of <c>users</c> and of <c>visits</c> (the ceiling), and the app's tables as foreign tables through two
/// postgres_fdw servers that differ only in their options: <c>app_pg</c> with none (PostgreSQL's defaults) and
/// <c>app_pgx</c> with what <c>[assembly: ForeignServer]</c> sets when the attribute does not say otherwise.
/// Made once by the host process; nothing here is timed. As in a reporting database left to itself, the
/// foreign tables are not analyzed locally (autovacuum never analyzes a foreign table).
/// </summary>
internal static class ForeignDatabase
{
    /// <summary>How the host tells the benchmark processes where the reporting database is.</summary>
    public const string ConnectionVariable = "PGX_BENCH_REPORTING_CONNECTION";

    /// <summary>Rows in the app's users.</summary>
    public const int Users = 100_000;

    /// <summary>Companies the users belong to (users per company: <see cref="Users"/> / this).</summary>
    public const int Companies = 1_000;

    /// <summary>Rows in the local events.</summary>
    public const int Events = 1_000_000;

    /// <summary>Rows each bulk insert writes.</summary>
    public const int InsertRows = 5_000;

    /// <summary>The server options <c>[assembly: ForeignServer]</c> sets by default, as <c>ALTER SERVER</c> would.</summary>
    public static string PgxServerOptions =>
        $"fetch_size '{ForeignServerAttribute.DefaultFetchSize}', batch_size '{ForeignServerAttribute.DefaultBatchSize}', "
        + $"async_capable '{(ForeignServerAttribute.DefaultAsyncCapable ? "true" : "false")}', use_remote_estimate '{(ForeignServerAttribute.DefaultUseRemoteEstimate ? "true" : "false")}'";

    /// <summary>Opens the reporting database the host prepared.</summary>
    public static NpgsqlDataSource Open()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException($"{ConnectionVariable} is not set: run the benchmarks through this project's Program (argument fdw), which prepares the databases.");
        }

        return NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>Starts both clusters, loads the rows and links them.</summary>
    /// <returns>The two clusters, app first; the caller disposes them.</returns>
    public static async Task<(PostgresServer App, PostgresServer Reporting)> PrepareAsync()
    {
        var clock = Stopwatch.StartNew();
        var app = await PostgresServer.StartThrowawayAsync(BenchmarkDatabase.Settings);
        var reporting = await PostgresServer.StartThrowawayAsync(BenchmarkDatabase.Settings);
        var appDatabase = new NpgsqlConnectionStringBuilder(await app.CreateDatabaseAsync("app")).Database!;
        var reportingConnection = await reporting.CreateDatabaseAsync("reporting");
        await using (var db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = appDatabase }.ConnectionString))
        {
            await BenchmarkDatabase.ExecuteAsync(db, $"""
                CREATE TABLE users (id integer PRIMARY KEY, company_id integer NOT NULL, email text NOT NULL);
                INSERT INTO users SELECT g, g % {Companies}, 'user' || g || '@example.com' FROM generate_series(1, {Users}) g;
                CREATE INDEX ON users (company_id);
                CREATE TABLE visits (user_id integer NOT NULL, at timestamptz NOT NULL, path text NOT NULL);
                """);
            await BenchmarkDatabase.ExecuteAsync(db, "VACUUM ANALYZE");
        }

        await using (var db = NpgsqlDataSource.Create(reportingConnection))
        {
            var link = $"host '127.0.0.1', port '{app.Port}', dbname '{appDatabase}'";
            await BenchmarkDatabase.ExecuteAsync(db, $"""
                CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id integer NOT NULL, name text NOT NULL, at timestamptz NOT NULL);
                INSERT INTO events (user_id, name, at) SELECT 1 + g % {Users}, 'page_view', timestamptz '2026-01-01' + g * interval '1 second' FROM generate_series(1, {Events}) g;
                CREATE INDEX ON events (user_id);
                CREATE SCHEMA local;
                CREATE TABLE local.users (id integer PRIMARY KEY, company_id integer NOT NULL, email text NOT NULL);
                INSERT INTO local.users SELECT g, g % {Companies}, 'user' || g || '@example.com' FROM generate_series(1, {Users}) g;
                CREATE INDEX ON local.users (company_id);
                CREATE TABLE local.visits (user_id integer NOT NULL, at timestamptz NOT NULL, path text NOT NULL);
                CREATE EXTENSION postgres_fdw;
                CREATE SERVER app_pg FOREIGN DATA WRAPPER postgres_fdw OPTIONS ({link});
                CREATE SERVER app_pgx FOREIGN DATA WRAPPER postgres_fdw OPTIONS ({link}, {PgxServerOptions});
                CREATE USER MAPPING FOR CURRENT_USER SERVER app_pg OPTIONS (user 'postgres');
                CREATE USER MAPPING FOR CURRENT_USER SERVER app_pgx OPTIONS (user 'postgres');
                CREATE SCHEMA pg;
                CREATE SCHEMA pgx;
                IMPORT FOREIGN SCHEMA public FROM SERVER app_pg INTO pg;
                IMPORT FOREIGN SCHEMA public FROM SERVER app_pgx INTO pgx;
                """);
            await BenchmarkDatabase.ExecuteAsync(db, "VACUUM ANALYZE events, local.users");
            await BenchmarkDatabase.ExecuteAsync(db, "CHECKPOINT");
            Console.WriteLine($"// Pgx.Benchmarks fdw: PostgreSQL {await BenchmarkDatabase.ScalarAsync(db, "SHOW server_version")}, app cluster on 127.0.0.1:{app.Port} "
                + $"({Users:N0} users in {Companies:N0} companies), reporting cluster on 127.0.0.1:{reporting.Port} ({Events:N0} events); "
                + $"app_pgx options: {PgxServerOptions}; prepared in {clock.Elapsed.TotalSeconds:0}s.");
        }

        Environment.SetEnvironmentVariable(ConnectionVariable, reportingConnection);
        return (app, reporting);
    }
}
