using System;
using System.Threading.Tasks;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;

namespace Pgx.Foreign.Tests;

/// <summary>
/// A refresh that cannot reach the app server through its new definition commits nothing. The app_typed server
/// has typed records only, so the refresh itself never connects through it: only the link check can tell.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class LinkCheckTests
{
    private readonly AppServer _appServer;

    public LinkCheckTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task An_unreachable_port_fails_the_apply_naming_the_link_and_the_previous_link_keeps_working()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "unreachable");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var before = await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query);
        var options = scenario.Options;
        options.ForeignServers["app_typed"].Port = 1;

        var error = await Assert.ThrowsAsync<PgxForeignLinkException>(() => PgxSchema.ApplyAsync(scenario.Reporting, options));

        Assert.Equal(("app_typed", "127.0.0.1", "1", scenario.AppDatabase, "reporting", "08001"), (error.Server, error.Host, error.Port, error.DbName, error.User, error.SqlState));
        Assert.Contains($"Foreign server 'app_typed' (host 127.0.0.1, port 1, dbname {scenario.AppDatabase}, user reporting)", error.Message);
        Assert.Contains("SQLSTATE 08001", error.Message);
        Assert.DoesNotContain(_appServer.ReportingPassword.Split(' ')[^1], error.ToString());
        await AssertPreviousLinkWorksAsync(scenario, before);
    }

    [Fact]
    public async Task A_wrong_password_fails_the_apply_without_naming_it_and_the_previous_link_keeps_working()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "wronglink");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var before = await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query);
        var options = scenario.Options;
        var wrong = "wrong " + Guid.NewGuid().ToString("N");
        options.ForeignServers["app_typed"].Password = wrong;

        var error = await Assert.ThrowsAsync<PgxForeignLinkException>(() => PgxSchema.ApplyAsync(scenario.Reporting, options));

        Assert.Equal(("app_typed", "127.0.0.1", _appServer.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), scenario.AppDatabase, "reporting", "08001"), (error.Server, error.Host, error.Port, error.DbName, error.User, error.SqlState));
        Assert.DoesNotContain(wrong, error.ToString());
        Assert.DoesNotContain(_appServer.ReportingPassword.Split(' ')[^1], error.ToString());
        await AssertPreviousLinkWorksAsync(scenario, before);
    }

    [Fact]
    public async Task Psql_stops_at_an_unreachable_link_naming_it_and_commits_nothing()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "psqllink");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var before = await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query);
        var variables = scenario.PsqlVariables;
        variables["app_typed_port"] = "1";

        var run = await PostgresClient.PsqlFileAsync(scenario.ReportingConnectionString, Scenario.ForeignArtifact, variables);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"foreign server app_typed (host 127.0.0.1, port 1, dbname {scenario.AppDatabase}, user reporting) cannot be reached through its new definition: SQLSTATE 08001", run.Error);
        Assert.DoesNotContain(_appServer.ReportingPassword.Split(' ')[^1], run.ToString());
        await AssertPreviousLinkWorksAsync(scenario, before);
    }

    /// <summary>Nothing changed, and the foreign tables still answer through the old definition.</summary>
    private static async Task AssertPreviousLinkWorksAsync(Scenario scenario, string fingerprint)
    {
        Assert.Equal(fingerprint, await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query));
        Assert.Equal((long)Scenario.CompanyCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM typed.companies"));
        Assert.Equal((long)Scenario.UserCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.users"));
    }
}
