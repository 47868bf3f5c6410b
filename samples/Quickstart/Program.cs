using System;
using System.Diagnostics;
using System.Globalization;
using Pgx;
using Pgx.Generated;
using Pgx.Testing;
using Quickstart;

// Pgx quick start: the two problems Pgx answers, on real PostgreSQL, from the records in Models.cs.
//   1. a trigger-partitioned table, as in "When Your Postgres Database and ORM Collide: Partitioning":
//      INSERT ... RETURNING returns nothing; the generated repository works
//   2. an app database read from a reporting database through postgres_fdw, as in thoughtbot's article on
//      querying an app database from a reporting database, and schema drift
//   3. the same schema as SQL files, written by dotnet build
// Uses the server in PGX_CONNECTION when it is set (README: "Quick start" says what the role needs); otherwise it
// starts a throwaway PostgreSQL. Either way it removes everything it made before it exits.
var clock = Stopwatch.StartNew();
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // the same output everywhere
Console.WriteLine("Pgx quick start: PostgreSQL partitioned and foreign tables from the C# records in samples/Quickstart/Models.cs.");

PostgresServer? server = null;
Databases? databases = null;
try
{
    server = await PostgresServer.FromEnvironmentOrThrowawayAsync();
    databases = await Databases.CreateAsync(server);
    Screen.Heading("Setup: two databases, as in thoughtbot's postgres_fdw article");
    Console.WriteLine(server.IsThrowaway
        ? $"PostgreSQL {databases.ServerVersion}: a throwaway cluster on 127.0.0.1:{server.Port} (set {PostgresServer.ConnectionVariable} to use your own server)"
        : $"PostgreSQL {databases.ServerVersion}: the server in {PostgresServer.ConnectionVariable}");
    Console.WriteLine($"app database        {databases.AppName}: users ({Databases.UserCount} rows), companies ({Databases.CompanyCount})");
    Console.WriteLine($"                    and a role {databases.ReportingRole} that may only SELECT and logs in with a password");
    Console.WriteLine($"reporting database  {databases.ReportingName}: empty; Pgx builds it from Models.cs");

    // The reporting side reaches the app database with the reporting role's connection string, the way the article
    // derived its link from the app's database config: host, port, database, user and password come from it at run
    // time. Nothing secret is compiled in or written to the SQL files.
    var options = new PgxApplyOptions();
    options.ForeignServers["app_db"] = ForeignServerOptions.FromConnectionString(databases.AppConnectionStringForReporting);
    Console.WriteLine();
    Console.WriteLine("options.ForeignServers[\"app_db\"] = ForeignServerOptions.FromConnectionString(appConnectionString);");
    Screen.Code(options.ForeignServers["app_db"].ToString());
    var apply = Stopwatch.StartNew();
    await PgxSchema.ApplyAsync(databases.Reporting, options);
    var first = apply.Elapsed;
    apply.Restart();
    await PgxSchema.ApplyAsync(databases.Reporting, options); // idempotent: safe at every start-up and after every app migration
    Console.WriteLine("await PgxSchema.ApplyAsync(reportingDb, options);");
    Screen.Code("one transaction, under an advisory lock: tables t, t1, t2 and the routing trigger, production.events,");
    Screen.Code($"the postgres_fdw server app_db, a user mapping and the foreign table app.users ({first.TotalMilliseconds:N0} ms)");
    Screen.Code($"applied again: nothing to change ({apply.Elapsed.TotalMilliseconds:N0} ms); safe at every start-up");

    await PartitionedTableWalkthrough.RunAsync(databases.Reporting);
    await ForeignTableWalkthrough.RunAsync(databases);
    SqlArtifactsWalkthrough.Run();
}
catch (Exception ex)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("The quick start failed: " + ex.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(ex);
    Environment.ExitCode = 1;
}
finally
{
    Console.WriteLine();
    if (databases is not null)
    {
        await databases.DisposeAsync();
    }

    if (server is not null)
    {
        // A throwaway cluster is stopped and deleted; on a PGX_CONNECTION server the databases made here are dropped.
        await server.DisposeAsync();
        if (server.IsThrowaway)
        {
            Console.WriteLine("Cleaned up: stopped the throwaway PostgreSQL and deleted its folder.");
        }
        else if (databases is not null)
        {
            await databases.DropRoleAsync(server.ConnectionString);
            Console.WriteLine($"Cleaned up: dropped the databases {databases.AppName} and {databases.ReportingName} and the role {databases.ReportingRole}.");
        }
    }

    Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s.");
}

return Environment.ExitCode;
