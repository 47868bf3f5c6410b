using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;

namespace Pgx.Foreign.Tests;

/// <summary>
/// An app database and a reporting database, as in thoughtbot's article on querying an app database from a reporting
/// database, end to end: the reporting database applies its schema with the app's connection settings, reads the
/// app's tables through postgres_fdw over password authentication, and joins them with its own.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class TwoDatabaseScenarioTests
{
    private readonly AppServer _appServer;

    public TwoDatabaseScenarioTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task The_reporting_queries_return_the_right_counts()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "counts");

        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await scenario.InsertEventsAsync();

        Assert.Equal((long)Scenario.UserCount, await scenario.Reporting.ScalarAsync<long>("SELECT COUNT(*) FROM app.users"));
        Assert.Equal((long)Scenario.CompanyCount, await scenario.Reporting.ScalarAsync<long>("SELECT COUNT(*) FROM app.companies"));
        var joined = await scenario.Reporting.ScalarAsync<long>("""
            SELECT COUNT(*)
            FROM
              production.events
              JOIN app.users
              ON production.events.user_id::INT = app.users.id
            WHERE
              app.users.company_id = 10
            """);
        Assert.Equal(Scenario.ExpectedEventsOfCompany(10), joined);
        Assert.True(joined > 0);
    }

    [Fact]
    public async Task The_link_logs_in_as_the_read_only_role_with_its_password()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "readonly");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        // The remote session is the reporting role's, over scram (the app server trusts only postgres).
        Assert.Equal("user1@example.com", await scenario.Reporting.ScalarAsync<string>("SELECT email FROM app.users WHERE id = 1"));
        var remoteSessions = await scenario.App.ColumnAsync("SELECT usename::text FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'postgres_fdw'");
        Assert.NotEmpty(remoteSessions);
        Assert.All(remoteSessions, user => Assert.Equal("reporting", user));
        var write = await Assert.ThrowsAsync<PostgresException>(() => scenario.Reporting.ExecuteAsync("INSERT INTO app.users VALUES (1000, 1, 'x@example.com')"));
        Assert.Contains("permission denied", write.MessageText);
        Assert.Equal((long)Scenario.UserCount, await scenario.App.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task A_join_of_two_foreign_tables_on_one_server_runs_remotely_as_one_query()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "pushdown");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        const string query = "SELECT u.email, c.name FROM app.users u JOIN app.companies c ON c.id = u.company_id WHERE c.name = 'company 10'";
        var plan = await scenario.Reporting.ColumnAsync("EXPLAIN (VERBOSE, COSTS OFF) " + query);
        var remote = plan.Where(line => line.TrimStart().StartsWith("Remote SQL:", System.StringComparison.Ordinal)).ToList();

        var only = Assert.Single(remote);
        Assert.Contains("JOIN", only);
        Assert.Contains("public.users", only);
        Assert.Contains("public.companies", only);
        Assert.DoesNotContain(plan, line => line.Contains("Hash Join", System.StringComparison.Ordinal) || line.Contains("Nested Loop", System.StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, Scenario.UserCount).Count(u => u % Scenario.CompanyCount == 10), (await scenario.Reporting.ColumnAsync(query)).Count);
    }

    [Fact]
    public async Task Applying_twice_changes_nothing_the_second_time()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "idempotent");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var first = await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query);

        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var second = await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query);

        Assert.Contains("server app_db ", first);
        Assert.Contains("foreign app.users schema_name=public,table_name=users", first);
        Assert.Contains("foreign app.companies", first);
        Assert.Matches(@"class production\.events \d+ r ", first);
        Assert.DoesNotContain("pgx_foreign_staging", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Server_options_follow_the_attribute_and_the_run_time_settings()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "options");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

        // app_db spells out FetchSize and UseRemoteEstimate, and gets Pgx's async_capable and batch_size.
        var options = await scenario.Reporting.ColumnAsync("SELECT unnest(srvoptions) FROM pg_foreign_server WHERE srvname = 'app_db' ORDER BY 1");
        Assert.Equal(
            new[] { "async_capable=true", "batch_size=1000", "dbname=" + scenario.AppDatabase, "fetch_size=1000", "host=127.0.0.1", "port=" + _appServer.Server.Port, "use_remote_estimate=true" },
            options);
        var mapping = await scenario.Reporting.ColumnAsync("SELECT unnest(umoptions) FROM pg_user_mappings WHERE srvname = 'app_db' AND usename = current_user ORDER BY 1");
        Assert.Equal(new[] { "password=" + _appServer.ReportingPassword, "user=reporting" }, mapping);
    }
}
