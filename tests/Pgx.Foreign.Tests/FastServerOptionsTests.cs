using System.Threading.Tasks;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;

namespace Pgx.Foreign.Tests;

/// <summary>
/// The postgres_fdw options Pgx sets when <c>[assembly: ForeignServer]</c> does not say otherwise (a larger
/// fetch_size and batch_size, async_capable on), what an attribute that spells an option out gets instead, and
/// that they take effect: in the catalog, after an upgrade from a server with PostgreSQL's defaults, and in the
/// plans postgres_fdw makes.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class FastServerOptionsTests
{
    private const string ServerOptions = "SELECT unnest(srvoptions) FROM pg_foreign_server WHERE srvname = $1 ORDER BY 1";

    private readonly AppServer _appServer;

    public FastServerOptionsTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task Options_the_attribute_leaves_out_get_Pgx_defaults_and_spelled_out_ones_win()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "fastopts");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        // app_typed: AsyncCapable = false and BatchSize = 0 (left alone) spelled out; fetch_size and
        // use_remote_estimate are Pgx's.
        Assert.Equal(
            new[] { "async_capable=false", "dbname=" + scenario.AppDatabase, "fetch_size=10000", "host=127.0.0.1", "port=" + _appServer.Server.Port, "use_remote_estimate=false" },
            await scenario.Reporting.ColumnAsync(ServerOptions, "app_typed"));
        // app_db: FetchSize = 1000 and UseRemoteEstimate = true spelled out; async_capable and batch_size are Pgx's.
        Assert.Equal(
            new[] { "async_capable=true", "batch_size=1000", "dbname=" + scenario.AppDatabase, "fetch_size=1000", "host=127.0.0.1", "port=" + _appServer.Server.Port, "use_remote_estimate=true" },
            await scenario.Reporting.ColumnAsync(ServerOptions, "app_db"));
    }

    [Fact]
    public async Task A_server_with_PostgreSQL_defaults_is_brought_to_the_model_and_a_reapply_changes_nothing()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "fastupgrade");
        // As a hand-made setup, or an earlier Pgx, left it: PostgreSQL's defaults, some spelled out, one unknown to Pgx.
        await scenario.Reporting.ExecuteAsync("""
            CREATE EXTENSION postgres_fdw;
            CREATE SERVER app_db FOREIGN DATA WRAPPER postgres_fdw OPTIONS (fetch_size '100', async_capable 'false', fdw_tuple_cost '0.02');
            CREATE SERVER app_typed FOREIGN DATA WRAPPER postgres_fdw OPTIONS (batch_size '1', use_remote_estimate 'true');
            """);

        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var first = await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query);
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        Assert.Equal(
            new[] { "async_capable=true", "batch_size=1000", "dbname=" + scenario.AppDatabase, "fdw_tuple_cost=0.02", "fetch_size=1000", "host=127.0.0.1", "port=" + _appServer.Server.Port, "use_remote_estimate=true" },
            await scenario.Reporting.ColumnAsync(ServerOptions, "app_db"));
        // BatchSize = 0: the batch_size found is left as it is.
        Assert.Equal(
            new[] { "async_capable=false", "batch_size=1", "dbname=" + scenario.AppDatabase, "fetch_size=10000", "host=127.0.0.1", "port=" + _appServer.Server.Port, "use_remote_estimate=false" },
            await scenario.Reporting.ColumnAsync(ServerOptions, "app_typed"));
        Assert.Equal(first, await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query));
    }

    [Fact]
    public async Task Postgres_fdw_plans_with_them_scans_in_parallel_and_inserts_in_batches()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "fastplans");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        // Two foreign scans under one Append: asynchronous on app_db, one after the other on app_typed.
        var onAppDb = string.Join("\n", await scenario.Reporting.ColumnAsync(
            "EXPLAIN (COSTS OFF) SELECT id FROM app.users UNION ALL SELECT id FROM app.companies"));
        Assert.Contains("Async Foreign Scan on users", onAppDb);
        Assert.Contains("Async Foreign Scan on companies", onAppDb);
        var onAppTyped = string.Join("\n", await scenario.Reporting.ColumnAsync(
            "EXPLAIN (COSTS OFF) SELECT id FROM typed.companies UNION ALL SELECT id FROM typed.companies"));
        Assert.Contains("Foreign Scan on companies", onAppTyped);
        Assert.DoesNotContain("Async", onAppTyped);

        var insert = string.Join("\n", await scenario.Reporting.ColumnAsync(
            "EXPLAIN (VERBOSE, COSTS OFF) INSERT INTO app.notes (id, user_id, body, kind) SELECT g, 1, 'note', 0 FROM generate_series(1, 10) g"));
        Assert.Contains("Batch Size: 1000", insert);
    }
}
