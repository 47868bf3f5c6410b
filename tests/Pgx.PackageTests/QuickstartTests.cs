using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Npgsql;
using Pgx.PackageTests.Infrastructure;
using Pgx.Testing;
using Xunit.Abstractions;

namespace Pgx.PackageTests;

/// <summary>
/// The README's main command, `dotnet run --project samples/Quickstart`, run the way a newcomer runs it (the build
/// under test, so with --no-build): it exits 0, tells both stories (a trigger-partitioned table meets an ORM; an app
/// database read from a reporting database with postgres_fdw) with the right results, and leaves nothing behind.
/// </summary>
public sealed class QuickstartTests
{
    /// <summary>The rows the walkthrough puts into t: one plain INSERT and "alpha" into t1, "beta" into t2, 100,000 split evenly.</summary>
    private const string RowsPerChild = "Rows: t1 50,002, t2 50,001, the parent t itself 0.";

    /// <summary>Users 1…200 in company id % 25, three events each: company 10 has 8 users, so 24 events.</summary>
    private const int EventsOfCompany10 = 8 * 3;

    private readonly ITestOutputHelper _output;

    public QuickstartTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task The_README_command_tells_both_stories_and_exits_0()
    {
        // Whatever the environment says: a throwaway cluster unless PGX_CONNECTION is set, as for a newcomer.
        var run = await RunQuickstartAsync(new Dictionary<string, string>());

        AssertTellsBothStories(run);
        AssertReadmeQuotesTheOutput(run.Output);
        var port = Regex.Match(run.Output, @"a throwaway cluster on 127\.0\.0\.1:(\d+)");
        if (port.Success)
        {
            Assert.Contains("Cleaned up: stopped the throwaway PostgreSQL and deleted its folder.", run.Output);
            var refused = await Assert.ThrowsAsync<SocketException>(async () =>
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", int.Parse(port.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            });
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
        else
        {
            Assert.Contains("the server in PGX_CONNECTION", run.Output);
        }
    }

    [Fact]
    public async Task With_PGX_CONNECTION_it_uses_that_server_and_drops_what_it_made()
    {
        var server = await PostgresServer.SharedAsync();

        var run = await RunQuickstartAsync(new Dictionary<string, string> { [PostgresServer.ConnectionVariable] = server.ConnectionString });

        AssertTellsBothStories(run);
        Assert.Contains("the server in PGX_CONNECTION", run.Output);
        var cleaned = Regex.Match(run.Output, @"Cleaned up: dropped the databases (\S+) and (\S+) and the role (\S+)\.");
        Assert.True(cleaned.Success, run.ToString());
        await using var db = NpgsqlDataSource.Create(server.ConnectionString);
        await using var left = db.CreateCommand("SELECT (SELECT count(*) FROM pg_database WHERE datname IN ($1, $2)) + (SELECT count(*) FROM pg_roles WHERE rolname = $3)");
        foreach (var name in cleaned.Groups.Values.Skip(1))
        {
            left.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name.Value });
        }

        Assert.Equal(0L, await left.ExecuteScalarAsync());
        Assert.StartsWith("pgx_reporting_", cleaned.Groups[3].Value, StringComparison.Ordinal);
    }

    private async Task<DotnetResult> RunQuickstartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var run = await Dotnet.RunAsync(
            Repository.Root,
            new[] { "run", "--project", Path.Combine("samples", "Quickstart"), "--no-build", "-c", Repository.Configuration },
            environment);
        _output.WriteLine(run.ToString());
        return run;
    }

    /// <summary>
    /// The README's excerpt of the output is the output: each of its lines (but "...") is a line of it, in the same
    /// order, numbers aside (ids, timings and rates differ from run to run).
    /// </summary>
    private static void AssertReadmeQuotesTheOutput(string output)
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var excerpt = Regex.Match(readme, @"\(an excerpt of its output\):\n\n```text\n(.*?)```", RegexOptions.Singleline);
        Assert.True(excerpt.Success, "the README quotes the quick start's output");
        var lines = output.Split('\n');
        var next = 0;
        foreach (var quoted in excerpt.Groups[1].Value.TrimEnd('\n').Split('\n').Where(l => l != "..."))
        {
            var pattern = new Regex("^" + Regex.Replace(Regex.Escape(quoted), @"\d+(,\d{3})*", @"\d+(,\d{3})*") + "$");
            var at = Array.FindIndex(lines, next, pattern.IsMatch);
            Assert.True(at >= 0, "The README quotes a line the quick start does not print (in this order): " + quoted);
            next = at + 1;
        }
    }

    private static void AssertTellsBothStories(DotnetResult run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        var output = run.Output;

        // Setup: the credentials come from the options, and the password is never printed.
        Assert.Matches(@"Host=\S+; Port=\d+; DbName=pgx_quickstart_app_\w+; User=\w+; Password=\*\*\*", output);

        // The trigger-partitioned table: the record, the generated DDL's key lines, RETURNING returning nothing, the
        // repository's rows.
        Assert.Contains("    public sealed record T([property: PgKey] long Id, int P, string? Value);", output);
        Assert.Contains("    ) INHERITS (public.t);", output);
        Assert.Contains("        CREATE TRIGGER t_insert_trigger BEFORE INSERT ON public.t", output);
        Assert.Contains("INSERT INTO t (p, value) VALUES (1, 'hello world') RETURNING *  ->  0 rows (INSERT 0 0)", output);
        Assert.Matches(@"InsertAsync\(new T\(0, 1, ""alpha""\)\);  ->  T \{ Id = \d+, P = 1, Value = alpha \}, in t1\n", output);
        Assert.Matches(@"InsertAsync\(new T\(0, 2, ""beta""\)\);  ->  T \{ Id = \d+, P = 2, Value = beta \}, in t2\n", output);
        Assert.Matches(@"InsertManyAsync\(rows\);  ->  100,000 rows, ids \d+\.\.\d+, in [\d,]+ ms \([\d,]+ rows/s\)", output);
        Assert.Matches(@"FindAsync\(\d+, 2\);  ->  T \{ Id = \d+, P = 2, Value = bulk 41 \}, it read only t2", output);
        Assert.Contains("No partition of table public.t accepts p = 3.", output);
        Assert.Contains(RowsPerChild, output);

        // postgres_fdw: the foreign table, the join of local events and the app's users, the read repository, drift
        // after the app renames a column.
        Assert.Contains("SELECT COUNT(*) FROM app.users  ->  200", output);
        Assert.Contains("WHERE app.users.company_id = 10  ->  " + EventsOfCompany10 + "\n", output);
        Assert.Contains("FROM public.users WHERE ((company_id = 10))", output);
        Assert.Contains("FindAsync(35);  ->  User { Id = 35, CompanyId = 10, Email = user35@example.com }", output);
        Assert.Contains("8 users: ids 10, 35, 60, 85, 110, 135, 160, 185", output);
        Assert.Contains("42703: column \"email\" does not exist", output);
        Assert.Contains("app.users.email: declared as text but missing on the remote table", output);
        Assert.Contains("app.users.email_address: text NOT NULL on the remote table but not declared by the record", output);

        // The SQL artifacts of the build, where the build wrote them.
        var sqlFolder = Path.Combine("samples", "Quickstart", "bin", Repository.Configuration, "net10.0", "sql");
        Assert.Contains(Path.Combine(sqlFolder, "pgx.schema.sql") + "  (", output);
        Assert.Contains("psql variables: none", output);
        Assert.Contains(Path.Combine(sqlFolder, "pgx.foreign.sql") + "  (", output);
        Assert.Contains("psql variables: app_db_dbname, app_db_host, app_db_password, app_db_port, app_db_user", output);
        Assert.Matches(@"\nDone in \d+\.\d s\.\n", output);
        Assert.DoesNotContain("The quick start failed", output);
    }
}
