using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;

namespace Pgx.Foreign.Tests;

/// <summary>
/// The password, read the way an auditor reads a server log: a reporting cluster that logs every statement, its
/// duration and its parameters, with pgaudit logging every class of statement and their parameters. Neither
/// <c>ApplyAsync</c> nor the psql artifact puts the password into any line of it, with one exception pgaudit
/// before 16.0 makes: its record of the one <c>ALTER USER MAPPING</c> that sets a new password (pgaudit 16.0 and
/// later redact it). A re-apply with the same password runs no such statement, so it writes none.
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class AuditLogTests : IClassFixture<AuditLogTests.AuditedServer>
{
    /// <summary>pgaudit's record of a statement that sets a user mapping's options (DDL before 16.0, ROLE after).</summary>
    private static readonly Regex MappingAudit = new(@"LOG:  AUDIT: SESSION,\d+,\d+,(DDL|ROLE),ALTER USER MAPPING,,,""ALTER USER MAPPING FOR CURRENT_USER SERVER app_(db|typed) OPTIONS \(ADD password ");

    private readonly AppServer _appServer;
    private readonly AuditedServer _audited;

    public AuditLogTests(AppServer appServer, AuditedServer audited)
    {
        _appServer = appServer;
        _audited = audited;
    }

    private string Secret => _appServer.ReportingPassword.Split(' ')[^1];

    [Fact]
    public async Task ApplyAsync_puts_the_password_in_no_statement_parameter_or_duration_line()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "auditapply");
        await using var reporting = NpgsqlDataSource.Create(await _audited.Server.CreateDatabaseAsync("audit_apply"));

        var first = await _audited.LinesWrittenByAsync(() => PgxSchema.ApplyAsync(reporting, scenario.Options));
        var second = await _audited.LinesWrittenByAsync(() => PgxSchema.ApplyAsync(reporting, scenario.Options));
        var control = await _audited.LinesWrittenByAsync(() => reporting.ExecuteAsync("SELECT $1::text", Secret));

        AssertAuditedEverything(first);
        AssertOnlyTheMappingRecordsHoldTheSecret(first, expected: 2);
        Assert.DoesNotContain(second, line => line.Contains(Secret, StringComparison.Ordinal));
        Assert.Equal((long)Scenario.CompanyCount, await reporting.ScalarAsync<long>("SELECT count(*) FROM typed.companies"));

        // The control: a statement that does carry it shows up, as a logged parameter.
        Assert.Contains(control, line => line.Contains("parameters: $1 = '" + Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_psql_artifact_puts_the_password_in_no_statement_or_duration_line()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "auditpsql");
        var connectionString = await _audited.Server.CreateDatabaseAsync("audit_psql");
        ClientResult? run = null;

        var first = await _audited.LinesWrittenByAsync(async () => run = await PostgresClient.PsqlFileAsync(connectionString, Scenario.ForeignArtifact, scenario.PsqlVariables));
        var second = await _audited.LinesWrittenByAsync(async () => run = await PostgresClient.PsqlFileAsync(connectionString, Scenario.ForeignArtifact, scenario.PsqlVariables));

        Assert.True(run!.ExitCode == 0, run.ToString());
        AssertAuditedEverything(first);
        AssertOnlyTheMappingRecordsHoldTheSecret(first, expected: 2);
        Assert.DoesNotContain(second, line => line.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains(first, line => line.Contains("statement: COPY ", StringComparison.Ordinal) && line.Contains("pg_temp.pgx_foreign_secrets FROM STDIN", StringComparison.Ordinal));
        await using var reporting = NpgsqlDataSource.Create(connectionString);
        Assert.Equal((long)Scenario.CompanyCount, await reporting.ScalarAsync<long>("SELECT count(*) FROM typed.companies"));
    }

    [Fact]
    public async Task A_mapping_change_that_fails_is_reported_without_the_statement_that_holds_the_password()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "auditfail");
        var admin = await _audited.Server.CreateDatabaseAsync("audit_fail");
        await using var superuser = NpgsqlDataSource.Create(admin);
        var deployer = "deployer_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        var deployerPassword = Guid.NewGuid().ToString("N");
        await Sql.ExecuteFormattedAsync(superuser, "CREATE ROLE %I LOGIN PASSWORD %L", deployer, deployerPassword);
        await Sql.ExecuteFormattedAsync(superuser, "ALTER DATABASE %I OWNER TO %I", new NpgsqlConnectionStringBuilder(admin).Database!, deployer);
        await superuser.ExecuteAsync("CREATE EXTENSION postgres_fdw");
        await Sql.ExecuteFormattedAsync(superuser, "GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO %I", deployer);
        await using var reporting = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(admin) { Username = deployer, Password = deployerPassword }.ConnectionString);
        await PgxSchema.ApplyAsync(reporting, scenario.Options);

        // The deployer no longer owns app_db, so it may not change its own mapping there: the ALTER USER MAPPING fails.
        await superuser.ExecuteAsync("ALTER SERVER app_db OWNER TO postgres");
        var options = scenario.Options;
        var rotated = "rotated " + Guid.NewGuid().ToString("N");
        options.ForeignServers["app_db"].Password = rotated;
        PostgresException? error = null;
        var lines = await _audited.LinesWrittenByAsync(async () => error = await Assert.ThrowsAsync<PostgresException>(() => PgxSchema.ApplyAsync(reporting, options)));

        Assert.DoesNotContain(lines, line => line.Contains(rotated.Split(' ')[1], StringComparison.Ordinal));
        Assert.DoesNotContain(rotated.Split(' ')[1], error!.ToString());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Equal($"could not set the user mapping of {deployer} on foreign server app_db: permission denied for foreign server app_db", error.MessageText);
        Assert.Contains(lines, line => line.Contains("ERROR:  could not set the user mapping", StringComparison.Ordinal));
    }

    /// <summary>Statement, duration and pgaudit logging were all on for the run, so an absence means something.</summary>
    private static void AssertAuditedEverything(List<string> lines)
    {
        Assert.Contains(lines, line => line.Contains("LOG:  statement: ", StringComparison.Ordinal) || line.Contains("LOG:  execute ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("LOG:  duration: ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("AUDIT: SESSION,", StringComparison.Ordinal) && line.Contains(",FUNCTION,", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every line that holds the password is pgaudit's record of the <c>ALTER USER MAPPING</c> that sets it, one per
    /// server, with the password after the word "password" — where pgaudit 16.0 and later redact the rest.
    /// </summary>
    private void AssertOnlyTheMappingRecordsHoldTheSecret(List<string> lines, int expected)
    {
        var holding = lines.Where(line => line.Contains(Secret, StringComparison.Ordinal)).ToList();
        Assert.All(holding, line => Assert.Matches(MappingAudit, line));
        Assert.True(holding.Count is 0 || holding.Count == expected, string.Join("\n", holding));
    }

    /// <summary>
    /// The auditor's reporting cluster: <c>log_statement = 'all'</c>, <c>log_min_duration_statement = 0</c>, and
    /// pgaudit with <c>pgaudit.log = 'all'</c> and <c>pgaudit.log_parameter = on</c>.
    /// </summary>
    public sealed class AuditedServer : IAsyncLifetime
    {
        /// <summary>The cluster.</summary>
        public PostgresServer Server { get; private set; } = null!;

        /// <inheritdoc/>
        public async Task InitializeAsync() =>
            Server = await PostgresServer.StartThrowawayAsync(new Dictionary<string, string>
            {
                ["shared_preload_libraries"] = "pgaudit",
                ["pgaudit.log"] = "all",
                ["pgaudit.log_parameter"] = "on",
                ["log_statement"] = "all",
                ["log_min_duration_statement"] = "0",
            });

        /// <inheritdoc/>
        public async Task DisposeAsync() => await Server.DisposeAsync();

        /// <summary>The lines the server logged while <paramref name="action"/> ran.</summary>
        public async Task<List<string>> LinesWrittenByAsync(Func<Task> action)
        {
            var log = Server.LogPath!;
            var start = new FileInfo(log).Length;
            await action();
            using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(start, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return (await reader.ReadToEndAsync()).Split('\n').ToList();
        }
    }
}
