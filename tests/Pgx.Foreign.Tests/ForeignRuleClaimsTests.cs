using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Npgsql;
using NpgsqlTypes;
using Pgx.Foreign.Tests.Infrastructure;
using Pgx.Generated;

// billing.invoices is made by hand in the tests below (a second foreign server), so the analyzers learn of it the
// way they learn of any foreign table made outside Pgx.
[assembly: Pgx.ForeignTableOnServer("billing.invoices", "billing_db", ReadOnly = false)]

namespace Pgx.Foreign.Tests;

/// <summary>
/// What PGX0104 and PGX0106 say, checked on real PostgreSQL with an app database and a reporting database linked
/// by postgres_fdw: the SQL below is the SQL the rules flag (the pragmas are where this project's own build reports them).
/// </summary>
[Collection(AppServerCollection.Name)]
public sealed class ForeignRuleClaimsTests
{
    private readonly AppServer _appServer;

    public ForeignRuleClaimsTests(AppServer appServer) => _appServer = appServer;

    [Fact]
    public async Task PGX0104_a_write_to_a_read_only_foreign_table_fails_with_the_remote_roles_permission_error()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "pgx0104");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        var db = scenario.Reporting;

#pragma warning disable PGX0104 // Each statement is a write PGX0104 flags: the test shows what it does at run time.
        var writes = new Func<NpgsqlCommand>[]
        {
            () => db.CreateCommand("INSERT INTO app.users (id, company_id, email) VALUES (1000, 1, 'new@example.com')"),
            () => db.CreateCommand("UPDATE app.users SET email = 'changed@example.com' WHERE id = 1"),
            () => db.CreateCommand("DELETE FROM app.users WHERE id = 1"),
            () => db.CreateCommand("TRUNCATE app.users"),
        };
#pragma warning restore PGX0104

        foreach (var write in writes)
        {
            await using var command = write();
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            Assert.Equal("permission denied for table users", error.MessageText);
            // The remote refuses it: the write itself, or (use_remote_estimate) the estimate of the rows to change.
            Assert.StartsWith("remote SQL command: ", error.Where);
            Assert.Contains("public.users", error.Where);
        }

        Assert.Equal("200 user1@example.com", await scenario.App.ScalarAsync<string>("SELECT count(*) || ' ' || (SELECT email FROM users WHERE id = 1) FROM users"));
    }

    [Fact]
    public async Task PGX0104_copy_into_a_read_only_foreign_table_fails_with_the_remote_roles_permission_error()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "pgx0104_copy");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await using var connection = await scenario.Reporting.OpenConnectionAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
#pragma warning disable PGX0104 // The COPY PGX0104 flags.
            await using var importer = await connection.BeginBinaryImportAsync("COPY app.users (id, company_id, email) FROM STDIN (FORMAT BINARY)");
#pragma warning restore PGX0104
            await importer.StartRowAsync();
            await importer.WriteAsync(1000, NpgsqlDbType.Integer);
            await importer.WriteAsync(1, NpgsqlDbType.Integer);
            await importer.WriteAsync("copied@example.com", NpgsqlDbType.Text);
            await importer.CompleteAsync();
        });

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Contains("remote SQL command: INSERT INTO public.users", error.Where);
        Assert.Equal(200L, await scenario.App.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task PGX0104_merge_into_a_foreign_table_is_refused_before_it_reaches_the_remote()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "pgx0104_merge");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);

#pragma warning disable PGX0104 // The MERGE PGX0104 flags.
        await using var command = scenario.Reporting.CreateCommand("MERGE INTO app.users u USING (SELECT 1 AS id) s ON u.id = s.id WHEN MATCHED THEN DELETE");
#pragma warning restore PGX0104
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.FeatureNotSupported, error.SqlState);
        Assert.Equal(200L, await scenario.App.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task PGX0106_a_join_across_two_servers_fetches_every_invoice_and_the_suggested_subquery_only_the_matching_ones()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "pgx0106");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await AddBillingServerAsync(scenario);

        const string join = "SELECT i.id FROM app.users u JOIN billing.invoices i ON i.user_id = u.id WHERE u.company_id = 10 ORDER BY i.id";
        const string rewrite = "SELECT i.id FROM billing.invoices i WHERE i.user_id = ANY (ARRAY(SELECT u.id FROM app.users u WHERE u.company_id = 10)) ORDER BY i.id";
#pragma warning disable PGX0106 // The join PGX0106 flags: the test shows its plan.
        await using var explainJoin = scenario.Reporting.CreateCommand(Explain + join);
        await using var runJoin = scenario.Reporting.CreateCommand(join);
#pragma warning restore PGX0106
        const string semiJoin = "SELECT i.id FROM billing.invoices i WHERE i.user_id IN (SELECT u.id FROM app.users u WHERE u.company_id = 10) ORDER BY i.id";
        await using var explainSemiJoin = scenario.Reporting.CreateCommand(Explain + semiJoin);
        await using var explainRewrite = scenario.Reporting.CreateCommand(Explain + rewrite);
        await using var runRewrite = scenario.Reporting.CreateCommand(rewrite);

        var joinPlan = await ReadAllAsync(explainJoin);
        var rewritePlan = await ReadAllAsync(explainRewrite);

        // The join: two Foreign Scans, one per server; neither remote query joins; every invoice crosses over.
        Assert.Equal(2, joinPlan.Count(l => l.Contains("Foreign Scan on", StringComparison.Ordinal)));
        Assert.DoesNotContain(joinPlan, l => l.Contains("Relations:", StringComparison.Ordinal));
        Assert.All(RemoteSql(joinPlan), sql => Assert.DoesNotContain("JOIN", sql));
        Assert.Contains(joinPlan, l => l.Contains("Join", StringComparison.Ordinal) || l.Contains("Nested Loop", StringComparison.Ordinal));
        Assert.Equal(InvoiceCount, RowsOf(joinPlan, "Foreign Scan on billing.invoices"));

        // A plain IN (subquery) is no better: the planner makes it the same local (semi-)join.
        var semiJoinPlan = await ReadAllAsync(explainSemiJoin);
        Assert.Equal(2, semiJoinPlan.Count(l => l.Contains("Foreign Scan on", StringComparison.Ordinal)));
        Assert.Equal(InvoiceCount, RowsOf(semiJoinPlan, "Foreign Scan on billing.invoices"));

        // The ARRAY subquery: the users' keys go to the billing server as one array parameter; only matching invoices cross.
        var matching = InvoicesOfCompany(10);
        Assert.Contains(RemoteSql(rewritePlan), sql => sql.Contains("= ANY ($1::integer[])", StringComparison.Ordinal));
        Assert.Equal(matching.Count, RowsOf(rewritePlan, "Foreign Scan on billing.invoices"));

        // Same answer both ways.
        Assert.Equal(matching, (await ReadAllAsync(runJoin)).Select(int.Parse).ToList());
        Assert.Equal(matching, (await ReadAllAsync(runRewrite)).Select(int.Parse).ToList());
    }

    [Fact]
    public async Task PGX0106_a_local_materialized_view_of_one_side_leaves_one_foreign_scan()
    {
        await using var scenario = await Scenario.CreateAsync(_appServer, "pgx0106_view");
        await PgxSchema.ApplyAsync(scenario.Reporting, scenario.Options);
        await AddBillingServerAsync(scenario);
        await scenario.Reporting.ExecuteAsync("CREATE MATERIALIZED VIEW invoices_local AS SELECT id, user_id, amount FROM billing.invoices");

        const string query = "SELECT i.id FROM app.users u JOIN invoices_local i ON i.user_id = u.id WHERE u.company_id = 10 ORDER BY i.id";
        await using var explain = scenario.Reporting.CreateCommand(Explain + query);
        var plan = await ReadAllAsync(explain);

        Assert.Contains("Foreign Scan on app.users u", Assert.Single(plan, l => l.Contains("Foreign Scan", StringComparison.Ordinal)));
        Assert.Equal(InvoicesOfCompany(10), (await scenario.Reporting.ColumnAsync(query)).Select(int.Parse).ToList());
    }

    private const int InvoiceCount = 1000;

    /// <summary>Invoice n belongs to user n % 200 + 1; user u to company u % 25.</summary>
    private static List<int> InvoicesOfCompany(int company) =>
        Enumerable.Range(1, InvoiceCount).Where(n => (n % Scenario.UserCount + 1) % Scenario.CompanyCount == company).ToList();

    /// <summary>
    /// A second app-side database, billing, on the app server, read by a role of its own, and linked into the
    /// reporting database by hand as the server billing_db with billing.invoices imported.
    /// </summary>
    private async Task AddBillingServerAsync(Scenario scenario)
    {
        var billingConnectionString = await _appServer.Server.CreateDatabaseAsync("billing");
        await using var billing = NpgsqlDataSource.Create(billingConnectionString);
        var role = "billing_reader_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        var password = Guid.NewGuid().ToString("N");
        await using var admin = NpgsqlDataSource.Create(_appServer.Server.ConnectionString);
        await Sql.ExecuteFormattedAsync(admin, "CREATE ROLE %I LOGIN PASSWORD %L", role, password);
        await billing.ExecuteAsync($"""
            CREATE TABLE invoices (id integer PRIMARY KEY, user_id integer NOT NULL, amount numeric NOT NULL);
            INSERT INTO invoices SELECT g, g % {Scenario.UserCount} + 1, g FROM generate_series(1, {InvoiceCount}) g;
            ANALYZE invoices;
            GRANT SELECT ON invoices TO {role};
            """);

        var builder = new NpgsqlConnectionStringBuilder(billingConnectionString);
        await Sql.ExecuteFormattedAsync(scenario.Reporting, "CREATE SERVER billing_db FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L)", builder.Host!, builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), builder.Database!);
        await Sql.ExecuteFormattedAsync(scenario.Reporting, "CREATE USER MAPPING FOR CURRENT_USER SERVER billing_db OPTIONS (user %L, password %L)", role, password);
        await scenario.Reporting.ExecuteAsync("CREATE SCHEMA billing; IMPORT FOREIGN SCHEMA public LIMIT TO (invoices) FROM SERVER billing_db INTO billing");
    }

    private const string Explain = "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) ";

    private static async Task<List<string>> ReadAllAsync(NpgsqlCommand command)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private static IEnumerable<string> RemoteSql(List<string> plan) =>
        plan.Select(l => l.Trim()).Where(l => l.StartsWith("Remote SQL:", StringComparison.Ordinal));

    /// <summary>The actual rows of the plan node whose line contains <paramref name="node"/>.</summary>
    private static int RowsOf(List<string> plan, string node)
    {
        var line = Assert.Single(plan, l => l.Contains(node, StringComparison.Ordinal));
        var rows = System.Text.RegularExpressions.Regex.Match(line, @"actual rows=(\d+) loops=(\d+)");
        Assert.True(rows.Success, line);
        return int.Parse(rows.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * int.Parse(rows.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
