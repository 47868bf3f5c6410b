using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;

namespace Pgx.Foreign.Tests;

/// <summary>
/// <c>PgxSchema.ForeignSql</c> is the pgx.foreign.sql artifact: run by psql with the credentials as psql
/// variables, the way a migration pipeline would run it after the app's migrations.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class PsqlScriptTests
{
    private readonly AppServer _appServer;

    public PsqlScriptTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task Psql_runs_the_script_with_credentials_as_variables_and_a_second_run_changes_nothing()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "psql");
        var variables = new Dictionary<string, string>
        {
            ["app_db_host"] = "127.0.0.1",
            ["app_db_port"] = _appServer.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["app_db_dbname"] = scenario.AppDatabase,
            ["app_db_user"] = _appServer.ReportingRole,
            ["app_db_password"] = _appServer.ReportingPassword,
        };

        var first = await PsqlAsync(scenario.ReportingConnectionString, PgxSchema.ForeignSql, variables);
        var fingerprint = await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query);
        var second = await PsqlAsync(scenario.ReportingConnectionString, PgxSchema.ForeignSql, variables);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(fingerprint, await scenario.Reporting.ScalarAsync<string>(CatalogFingerprint.Query));
        Assert.Equal((long)Scenario.UserCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.users"));
        Assert.Equal((long)Scenario.CompanyCount, await scenario.Reporting.ScalarAsync<long>("SELECT count(*) FROM app.companies"));
        Assert.DoesNotContain(_appServer.ReportingPassword.Split(' ')[^1], first.Output);
    }

    [Fact]
    public async Task Without_the_password_variable_psql_stops_with_a_clear_error_and_changes_nothing()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "psqlnopw");

        var run = await PsqlAsync(scenario.ReportingConnectionString, PgxSchema.ForeignSql, new Dictionary<string, string> { ["app_db_user"] = "reporting" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("psql variable app_db_password is not set", run.Output);
        Assert.True(await scenario.Reporting.ScalarAsync<bool>("SELECT NOT EXISTS (SELECT FROM pg_foreign_server) AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'postgres_fdw')"));
    }

    private static async Task<(int ExitCode, string Output)> PsqlAsync(string connectionString, string script, IReadOnlyDictionary<string, string> variables)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var file = Path.Combine(Path.GetTempPath(), "pgx-foreign-" + System.Guid.NewGuid().ToString("N") + ".sql");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var start = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-X", "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, "-d", builder.Database!, "-f", file })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in variables)
            {
                start.ArgumentList.Add("-v");
                start.ArgumentList.Add(name + "=" + value);
            }

            if (builder.Password is { } password)
            {
                start.Environment["PGPASSWORD"] = password;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
