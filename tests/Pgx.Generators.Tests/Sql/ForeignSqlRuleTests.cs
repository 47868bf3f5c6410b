using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// PGX0104 (writes to a read-only foreign table) and PGX0106 (a join of foreign tables on different servers):
/// which statements and tables they know, where the tables come from (records, imports, assembly attributes of
/// this and of referenced assemblies), and what they leave alone.
/// </summary>
public sealed class ForeignSqlRuleTests
{
    private static string Method(string body) => SqlCallSiteSources.Method(body, models: SqlCallSiteSources.ForeignModels);

    [Fact]
    public Task PGX0104_fires_on_every_kind_of_write_to_a_read_only_foreign_table() =>
        AnalyzerRun.VerifyAsync(Method("""
            connection.Execute({|PGX0104:"INSERT INTO app.users (id, company_id, email) VALUES (@id, 1, 'x')"|});
            connection.Execute({|PGX0104:"UPDATE app.users SET email = @email WHERE id = @id"|});
            connection.Execute({|PGX0104:"UPDATE ONLY app.users u SET email = '' FROM app.companies c WHERE c.id = u.company_id"|});
            connection.Execute({|PGX0104:"DELETE FROM app.users WHERE id = @id"|});
            connection.Execute({|PGX0104:"DELETE FROM ONLY app.companies USING production.events e WHERE true"|});
            connection.Execute({|PGX0104:"MERGE INTO app.users u USING production.events e ON u.id = e.user_id::int WHEN MATCHED THEN DELETE"|});
            connection.Execute({|PGX0104:"TRUNCATE app.users"|});
            connection.Execute({|PGX0104:"TRUNCATE TABLE plain, ONLY app.companies * RESTART IDENTITY"|});
            connection.Execute({|PGX0104:"COPY app.users FROM STDIN (FORMAT BINARY)"|});
            connection.Execute({|PGX0104:"COPY app.users (id, company_id, email) FROM '/tmp/users.csv' (FORMAT csv)"|});
            connection.Execute({|PGX0104:"WITH gone AS (DELETE FROM app.users WHERE id = 1 RETURNING id) SELECT count(*) FROM gone"|});
            connection.Execute({|PGX0104:"SELECT 1; INSERT INTO app.companies SELECT * FROM app.companies"|});
            """));

    [Theory]
    [InlineData("app.users")]
    [InlineData("APP.Users")]
    [InlineData("\\\"app\\\".\\\"users\\\"")]
    [InlineData("reporting.app.users")]
    public Task PGX0104_matches_names_as_postgresql_resolves_them(string table) =>
        AnalyzerRun.VerifyAsync(Method($"connection.Execute({{|PGX0104:\"DELETE FROM {table} WHERE id = 1\"|}});"));

    [Fact]
    public Task PGX0104_leaves_reads_writable_tables_and_other_names_alone() =>
        AnalyzerRun.VerifyAsync(Method("""
            connection.Execute("SELECT * FROM app.users WHERE id = @id");
            connection.Execute("COPY app.users TO STDOUT");
            connection.Execute("COPY (SELECT * FROM app.users) TO STDOUT (FORMAT csv)");
            connection.Execute("INSERT INTO production.events (id, user_id) SELECT id, id::text FROM app.users");
            connection.Execute("UPDATE app.notes SET body = (SELECT email FROM app.users WHERE id = 1) WHERE id = 1");
            connection.Execute("INSERT INTO app.notes (id, user_id, body) VALUES (1, 1, 'DELETE FROM app.users')");
            connection.Execute("INSERT INTO billing.invoices (id) VALUES (1)");
            connection.Execute("DELETE FROM \"App\".users; DELETE FROM other.users; DELETE FROM app.\"Users\"");
            // Unqualified: search_path (public) resolves it, the app database's own users, not the foreign app.users.
            connection.Execute("INSERT INTO users (id, company_id, email) VALUES (1, 1, 'x'); TRUNCATE users");
            connection.Execute("SELECT * FROM app.users FOR UPDATE");
            connection.Execute("SELECT 1 -- ; DELETE FROM app.users");
            connection.Execute("SELECT $$; TRUNCATE app.users$$ /* ; COPY app.users FROM STDIN */");
            """));

    [Fact]
    public Task PGX0104_reports_each_read_only_table_once_per_call() =>
        AnalyzerRun.VerifyAsync(Method("""
            connection.Execute({|PGX0104:{|PGX0104:"DELETE FROM app.users; UPDATE app.users SET email = ''; TRUNCATE app.companies"|}|});
            """));

    [Fact]
    public async Task PGX0104_names_the_statement_the_table_and_where_it_was_declared()
    {
        var diagnostic = Assert.Single(await AnalyzerRun.DiagnosticsAsync(Method("connection.Execute(\"COPY app.users FROM STDIN\");")));

        Assert.Equal("PGX0104", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.StartsWith("COPY … FROM writes to app.users, a read-only foreign table (record User, server app_db)", diagnostic.GetMessage());
    }

    [Fact]
    public Task PGX0106_fires_on_a_join_of_tables_on_two_servers_in_every_join_form() =>
        AnalyzerRun.VerifyAsync(Method("""
            connection.Execute({|PGX0106:"SELECT u.email, i.amount FROM app.users u JOIN billing.invoices i ON i.user_id = u.id"|});
            connection.Execute({|PGX0106:"SELECT * FROM billing.invoices i LEFT OUTER JOIN app.users u ON u.id = i.user_id WHERE u.company_id = 10"|});
            connection.Execute({|PGX0106:"SELECT count(*) FROM app.users, billing.payments WHERE true"|});
            connection.Execute({|PGX0106:"SELECT * FROM production.events e JOIN app.users u ON u.id = e.user_id::int CROSS JOIN billing.invoices"|});
            connection.Execute({|PGX0106:"UPDATE app.notes n SET body = 'paid' FROM billing.payments p WHERE p.user_id = n.user_id"|});
            connection.Execute({|PGX0106:"DELETE FROM app.notes n USING billing.invoices i WHERE i.user_id = n.user_id"|});
            connection.Execute({|PGX0106:"SELECT * FROM app.users WHERE id IN (SELECT c.id FROM app.companies c JOIN billing.invoices i ON i.id = c.id)"|});
            connection.Execute({|PGX0106:"WITH x AS (SELECT * FROM app.companies, billing.invoices) SELECT * FROM x"|});
            """));

    [Fact]
    public Task PGX0106_leaves_one_server_local_tables_subqueries_and_unions_alone() =>
        AnalyzerRun.VerifyAsync(Method("""
            connection.Execute("SELECT * FROM app.users u JOIN app.companies c ON c.id = u.company_id");
            connection.Execute("SELECT * FROM billing.invoices i JOIN billing.payments p ON p.invoice_id = i.id");
            connection.Execute("SELECT COUNT(*) FROM production.events JOIN app.users ON production.events.user_id::INT = app.users.id WHERE app.users.company_id = 10");
            connection.Execute("SELECT sum(i.amount) FROM billing.invoices i WHERE i.user_id = ANY (ARRAY(SELECT id FROM app.users WHERE company_id = 10))");
            connection.Execute("SELECT id FROM app.users UNION ALL SELECT user_id FROM billing.invoices");
            connection.Execute("SELECT * FROM app.users u JOIN app.companies c ON c.name = 'JOIN billing.invoices' -- , billing.invoices");
            connection.Execute("SELECT * FROM app.users u JOIN other.invoices i ON true");
            """));

    [Fact]
    public async Task PGX0106_names_both_tables_and_their_servers_and_suggests_the_rewrites()
    {
        var diagnostic = Assert.Single(await AnalyzerRun.DiagnosticsAsync(Method("connection.Execute(\"SELECT * FROM app.users u, billing.invoices i\");")));

        Assert.Equal("PGX0106", diagnostic.Id);
        Assert.Equal("Pgx.Performance", diagnostic.Descriptor.Category);
        var message = diagnostic.GetMessage();
        Assert.StartsWith("app.users (server app_db) is joined with billing.invoices (server billing_db)", message);
        Assert.Contains("subquery", message);
        Assert.Contains("materialized view", message);
    }

    [Fact]
    public async Task Foreign_tables_of_a_referenced_models_assembly_are_known_from_its_generated_attributes()
    {
        // The models project, built the way dotnet build builds it: through the generator.
        var models = GeneratorRun.Of("""
            using Pgx;
            [assembly: ForeignServer("app_db")]
            [assembly: ForeignServer("billing_db")]
            [assembly: ImportForeignSchema("billing_db", LocalSchema = "billing", LimitTo = new[] { "invoices" })]
            [assembly: ImportForeignSchema("app_db", LocalSchema = "app", LimitTo = new[] { "users", "audit" })]
            namespace Models
            {
                [PgTable("users", Schema = "app"), ForeignTable("app_db")]
                public sealed record User([property: PgKey] int Id, string Email);

                [PgTable("notes", Schema = "app"), ForeignTable("app_db", ReadOnly = false)]
                public sealed record Note([property: PgKey] int Id, string Body);
            }
            """);
        Assert.Empty(models.CompilationDiagnostics);
        var schema = models.Sources["PgxSchema.g.cs"];
        Assert.Contains("[assembly: global::Pgx.ForeignTableOnServer(\"app.users\", \"app_db\", ReadOnly = true)]", schema);
        Assert.Contains("[assembly: global::Pgx.ForeignTableOnServer(\"app.notes\", \"app_db\", ReadOnly = false)]", schema);
        Assert.Contains("[assembly: global::Pgx.ForeignTableOnServer(\"app.audit\", \"app_db\", ReadOnly = false)]", schema);
        Assert.Contains("[assembly: global::Pgx.ForeignTableOnServer(\"billing.invoices\", \"billing_db\", ReadOnly = false)]", schema);
        Assert.Single(schema.Split('\n'), l => l.StartsWith("[assembly: global::Pgx.ForeignTableOnServer(\"app.users\"", System.StringComparison.Ordinal)); // the typed record wins over the import

        // A Dapper project that references it, with no Pgx records of its own.
        var reference = TestCompilation.ToReference(models.Output.WithAssemblyName("Models"));
        await AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method("""
            connection.Execute({|PGX0104:"DELETE FROM app.users"|});
            connection.Execute("DELETE FROM app.notes; DELETE FROM app.audit; DELETE FROM billing.invoices");
            connection.Execute({|PGX0106:"SELECT * FROM app.notes JOIN billing.invoices ON true"|});
            connection.Execute("SELECT * FROM app.notes JOIN app.audit ON true");
            """, withTables: false), reference);
    }

    [Fact]
    public Task Hand_written_attributes_declare_foreign_tables_made_outside_pgx() =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method(
            """
            connection.Execute({|PGX0104:"INSERT INTO crm.contacts (id) VALUES (1)"|});
            connection.Execute("INSERT INTO crm.deals (id) VALUES (1)");
            connection.Execute({|PGX0106:"SELECT * FROM crm.contacts c JOIN crm.deals d ON true JOIN \"Ledger\".entries e ON true"|});
            connection.Execute("SELECT * FROM crm.contacts c JOIN crm.deals d ON true");
            """,
            models: """
            [assembly: ForeignTableOnServer("crm.contacts", "crm_db")]
            [assembly: ForeignTableOnServer("crm.deals", "crm_db", ReadOnly = false)]
            [assembly: ForeignTableOnServer("\"Ledger\".entries", "ledger_db", ReadOnly = false)]
            [assembly: ForeignTableOnServer("not a name", "x")]
            [assembly: ForeignTableOnServer("crm.nowhere", "")]

            """));

    [Fact]
    public Task A_record_with_model_errors_is_still_known_as_a_foreign_table() =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method(
            """
            connection.Execute({|PGX0104:"DELETE FROM app.broken"|});
            """,
            models: """
            [assembly: ForeignServer("app_db")]
            [PgTable("broken", Schema = "app"), ForeignTable("app_db")]
            public sealed record Broken(int Id, System.Uri {|PGX0010:Link|});

            """));

    [Fact]
    public async Task Every_truncation_of_a_source_with_foreign_sql_is_survived()
    {
        var source = SqlCallSiteSources.Method("""
            connection.Execute("DELETE FROM app.users WHERE id = @id; COPY app.users (id) FROM STDIN");
            connection.Execute($"SELECT * FROM app.users u JOIN billing.invoices i ON i.user_id = u.id WHERE u.id = {p}");
            connection.Execute("TRUNCATE TABLE ONLY app.users *, app.companies; MERGE INTO app.users USING x ON true");
            """, models: SqlCallSiteSources.ForeignModels);
        var start = source.IndexOf("[assembly: ForeignServer", System.StringComparison.Ordinal);
        for (var length = start; length <= source.Length; length += 7)
        {
            var diagnostics = await AnalyzerRun.DiagnosticsAsync(source.Substring(0, length));
            Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "PGX0999");
        }

        Assert.Equal(new[] { "PGX0104", "PGX0106" }, (await AnalyzerRun.DiagnosticsAsync(source)).Select(d => d.Id).Distinct().OrderBy(i => i, System.StringComparer.Ordinal));
    }
}
