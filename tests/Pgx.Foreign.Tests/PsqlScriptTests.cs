using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;
using Pgx.Testing;

namespace Pgx.Foreign.Tests;

/// <summary>
/// The pgx.foreign.sql artifact the build wrote next to this assembly (<c>PgxSchema.ForeignSql</c> in a
/// transaction, under the advisory lock): run by psql with the credentials as psql variables, the way a
/// pipeline would run it after the app's migrations.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class PsqlScriptTests
{
    private readonly AppServer _appServer;

    public PsqlScriptTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public void The_artifact_is_ForeignSql_in_a_transaction_and_names_its_variables()
    {
        var text = File.ReadAllText(Scenario.ForeignArtifact, Encoding.UTF8);

        Assert.Contains("\n-- pgx: body begins\n" + PgxSchema.ForeignSql + "-- pgx: body ends\nCOMMIT;\n", text);
        Assert.Contains("\nBEGIN;\n", text);
        Assert.Contains("-- psql variables: app_db_dbname, app_db_host, app_db_password, app_db_port, app_db_user, app_typed_dbname, app_typed_host, app_typed_password, app_typed_port, app_typed_user\n", text);
    }

    [Fact]
    public async Task Psql_runs_the_artifact_with_credentials_as_variables_and_a_second_run_changes_nothing()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "psql");
        var variables = scenario.PsqlVariables;

        var first = await PostgresClient.PsqlFileAsync(scenario.ReportingConnectionString, Scenario.ForeignArtifact, variables);
        var fingerprint = await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query);
        var second = await PostgresClient.PsqlFileAsync(scenario.ReportingConnectionString, Scenario.ForeignArtifact, variables);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(fingerprint, await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query));
        Assert.Equal((long)Scenario.UserCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.users"));
        Assert.Equal((long)Scenario.CompanyCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.companies"));
        Assert.DoesNotContain(_appServer.ReportingPassword.Split(' ')[^1], first.ToString());
    }

    [Fact]
    public async Task The_headers_apply_command_runs_with_passwords_from_the_environment()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "psqlheader");
        var text = File.ReadAllText(Scenario.ForeignArtifact, Encoding.UTF8);
        var apply = text.Split('\n').Single(line => line.StartsWith("-- Apply: psql ", StringComparison.Ordinal))["-- Apply: psql ".Length..];
        var variables = scenario.PsqlVariables;

        // The header: -v name=... for settings, -c '\getenv name NAME' for passwords (kept off psql's command line).
        var arguments = new List<string>();
        var environment = new Dictionary<string, string>();
        foreach (var argument in ShellWords(apply))
        {
            if (argument.EndsWith("=...", StringComparison.Ordinal))
            {
                var name = argument[..^"=...".Length];
                arguments.Add(name + "=" + variables[name]);
            }
            else if (argument.StartsWith("\\getenv ", StringComparison.Ordinal))
            {
                var words = argument.Split(' ');
                environment[words[2]] = variables[words[1]];
                arguments.Add(argument);
            }
            else
            {
                arguments.Add(argument == Path.GetFileName(Scenario.ForeignArtifact) ? Scenario.ForeignArtifact : argument);
            }
        }

        Assert.Contains("-c '\\getenv app_db_password APP_DB_PASSWORD'", apply);
        Assert.DoesNotContain(arguments, a => a.Contains(variables["app_db_password"], StringComparison.Ordinal));
        var run = await PostgresClient.PsqlAsync(scenario.ReportingConnectionString, arguments.Prepend("-X"), environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal((long)Scenario.UserCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.users"));
    }

    /// <summary>Splits a command line the way sh does for plain words and '…' quotes (all a header uses).</summary>
    private static IEnumerable<string> ShellWords(string line)
    {
        var word = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    [Fact]
    public async Task Without_the_password_variable_psql_stops_with_a_clear_error_and_changes_nothing()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "psqlnopw");

        var run = await PostgresClient.PsqlFileAsync(scenario.ReportingConnectionString, Scenario.ForeignArtifact, new Dictionary<string, string> { ["app_db_user"] = "reporting" });

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("psql variable app_db_password is not set", run.Error);
        Assert.True(await scenario.Reporting.ScalarAsync<bool>("SELECT NOT EXISTS (SELECT FROM pg_foreign_server) AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'postgres_fdw')"));
    }
}
