using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>
/// PGX0104 (writes to a read-only foreign table) and PGX0106 (a join of foreign tables on different servers):
/// which statements and tables they know, where the tables come from (records, imports, assembly attributes of
/// this and of referenced assemblies), and what they leave alone.
/// </summary>
public sealed class ForeignSqlRuleTests : RuleTests
{
    private const string Users = "record User, server app_db";
    private const string Companies = "record Company, server app_db";

    public ForeignSqlRuleTests()
        : base("PGX0104", "PGX0106")
    {
    }

    private static string Method(string body) => SqlCallSiteSources.Method(body, models: SqlCallSiteSources.ForeignModels);

    /// <summary>PGX0104 at <paramref name="location"/>: the statement, the table and where it was declared read-only.</summary>
    private static DiagnosticResult Write(int location, string verb, string table = "app.users", string origin = Users) =>
        Diagnostic("PGX0104").WithLocation(location).WithArguments(verb, table, origin);

    /// <summary>PGX0106 at <paramref name="location"/>: the two tables and their servers.</summary>
    private static DiagnosticResult Join(int location, string first, string firstServer, string second, string secondServer) =>
        Diagnostic("PGX0106").WithLocation(location).WithArguments(first, firstServer, second, secondServer);

    [Fact]
    public Task PGX0104_fires_on_every_kind_of_write_to_a_read_only_foreign_table() =>
        VerifyAsync(
            Method("""
                connection.Execute({|#0:"INSERT INTO app.users (id, company_id, email) VALUES (@id, 1, 'x')"|});
                connection.Execute({|#1:"UPDATE app.users SET email = @email WHERE id = @id"|});
                connection.Execute({|#2:"UPDATE ONLY app.users u SET email = '' FROM app.companies c WHERE c.id = u.company_id"|});
                connection.Execute({|#3:"DELETE FROM app.users WHERE id = @id"|});
                connection.Execute({|#4:"DELETE FROM ONLY app.companies USING production.events e WHERE true"|});
                connection.Execute({|#5:"MERGE INTO app.users u USING production.events e ON u.id = e.user_id::int WHEN MATCHED THEN DELETE"|});
                connection.Execute({|#6:"TRUNCATE app.users"|});
                connection.Execute({|#7:"TRUNCATE TABLE plain, ONLY app.companies * RESTART IDENTITY"|});
                connection.Execute({|#8:"COPY app.users FROM STDIN (FORMAT BINARY)"|});
                connection.Execute({|#9:"COPY app.users (id, company_id, email) FROM '/tmp/users.csv' (FORMAT csv)"|});
                connection.Execute({|#10:"WITH gone AS (DELETE FROM app.users WHERE id = 1 RETURNING id) SELECT count(*) FROM gone"|});
                connection.Execute({|#11:"SELECT 1; INSERT INTO app.companies SELECT * FROM app.companies"|});
                """),
            Write(0, "INSERT"),
            Write(1, "UPDATE"),
            Write(2, "UPDATE"),
            Write(3, "DELETE"),
            Write(4, "DELETE", "app.companies", Companies),
            Write(5, "MERGE"),
            Write(6, "TRUNCATE"),
            Write(7, "TRUNCATE", "app.companies", Companies),
            Write(8, "COPY … FROM"),
            Write(9, "COPY … FROM"),
            Write(10, "DELETE"),
            Write(11, "INSERT", "app.companies", Companies));

    [Theory]
    [InlineData("app.users")]
    [InlineData("APP.Users")]
    [InlineData("\\\"app\\\".\\\"users\\\"")]
    [InlineData("reporting.app.users")]
    public Task PGX0104_matches_names_as_postgresql_resolves_them(string table) =>
        VerifyAsync(Method($"connection.Execute({{|#0:\"DELETE FROM {table} WHERE id = 1\"|}});"), Write(0, "DELETE"));

    [Fact]
    public Task PGX0104_leaves_reads_writable_tables_and_other_names_alone() =>
        VerifyAsync(Method("""
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
        VerifyAsync(
            Method("""
                connection.Execute({|#0:"DELETE FROM app.users; UPDATE app.users SET email = ''; TRUNCATE app.companies"|});
                """),
            Write(0, "DELETE"),
            Write(0, "TRUNCATE", "app.companies", Companies));

    [Fact]
    public Task PGX0104_names_the_statement_the_table_and_where_it_was_declared() =>
        VerifyAsync(Method("connection.Execute({|#0:\"COPY app.users FROM STDIN\"|});"), Write(0, "COPY … FROM"));

    [Fact]
    public Task PGX0106_fires_on_a_join_of_tables_on_two_servers_in_every_join_form() =>
        VerifyAsync(
            Method("""
                connection.Execute({|#0:"SELECT u.email, i.amount FROM app.users u JOIN billing.invoices i ON i.user_id = u.id"|});
                connection.Execute({|#1:"SELECT * FROM billing.invoices i LEFT OUTER JOIN app.users u ON u.id = i.user_id WHERE u.company_id = 10"|});
                connection.Execute({|#2:"SELECT count(*) FROM app.users, billing.payments WHERE true"|});
                connection.Execute({|#3:"SELECT * FROM production.events e JOIN app.users u ON u.id = e.user_id::int CROSS JOIN billing.invoices"|});
                connection.Execute({|#4:"UPDATE app.notes n SET body = 'paid' FROM billing.payments p WHERE p.user_id = n.user_id"|});
                connection.Execute({|#5:"DELETE FROM app.notes n USING billing.invoices i WHERE i.user_id = n.user_id"|});
                connection.Execute({|#6:"SELECT * FROM app.users WHERE id IN (SELECT c.id FROM app.companies c JOIN billing.invoices i ON i.id = c.id)"|});
                connection.Execute({|#7:"WITH x AS (SELECT * FROM app.companies, billing.invoices) SELECT * FROM x"|});
                """),
            Join(0, "app.users", "app_db", "billing.invoices", "billing_db"),
            Join(1, "billing.invoices", "billing_db", "app.users", "app_db"),
            Join(2, "app.users", "app_db", "billing.payments", "billing_db"),
            Join(3, "app.users", "app_db", "billing.invoices", "billing_db"),
            Join(4, "app.notes", "app_db", "billing.payments", "billing_db"),
            Join(5, "app.notes", "app_db", "billing.invoices", "billing_db"),
            Join(6, "app.companies", "app_db", "billing.invoices", "billing_db"),
            Join(7, "app.companies", "app_db", "billing.invoices", "billing_db"));

    [Fact]
    public Task PGX0106_leaves_one_server_local_tables_subqueries_and_unions_alone() =>
        VerifyAsync(Method("""
            connection.Execute("SELECT * FROM app.users u JOIN app.companies c ON c.id = u.company_id");
            connection.Execute("SELECT * FROM billing.invoices i JOIN billing.payments p ON p.invoice_id = i.id");
            connection.Execute("SELECT COUNT(*) FROM production.events JOIN app.users ON production.events.user_id::INT = app.users.id WHERE app.users.company_id = 10");
            connection.Execute("SELECT sum(i.amount) FROM billing.invoices i WHERE i.user_id = ANY (ARRAY(SELECT id FROM app.users WHERE company_id = 10))");
            connection.Execute("SELECT id FROM app.users UNION ALL SELECT user_id FROM billing.invoices");
            connection.Execute("SELECT * FROM app.users u JOIN app.companies c ON c.name = 'JOIN billing.invoices' -- , billing.invoices");
            connection.Execute("SELECT * FROM app.users u JOIN other.invoices i ON true");
            """));

    [Fact]
    public Task PGX0106_names_both_tables_and_their_servers_and_suggests_the_rewrites()
    {
        Assert.Equal("Pgx.Performance", PgxRuleTest.Descriptors["PGX0106"].Category);
        var rewrites = PgxRuleTest.Descriptors["PGX0106"].MessageFormat.ToString();
        Assert.Contains("subquery", rewrites);
        Assert.Contains("materialized view", rewrites);
        return VerifyAsync(
            Method("connection.Execute({|#0:\"SELECT * FROM app.users u, billing.invoices i\"|});"),
            Join(0, "app.users", "app_db", "billing.invoices", "billing_db"));
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
        await VerifyAsync(
            SqlCallSiteSources.Method(
                """
                connection.Execute({|#0:"DELETE FROM app.users"|});
                connection.Execute("DELETE FROM app.notes; DELETE FROM app.audit; DELETE FROM billing.invoices");
                connection.Execute({|#1:"SELECT * FROM app.notes JOIN billing.invoices ON true"|});
                connection.Execute("SELECT * FROM app.notes JOIN app.audit ON true");
                """,
                withTables: false),
            reference,
            Write(0, "DELETE", origin: "[assembly: ForeignTableOnServer(\"app.users\", \"app_db\")] in Models"),
            Join(1, "app.notes", "app_db", "billing.invoices", "billing_db"));
    }

    [Fact]
    public Task Hand_written_attributes_declare_foreign_tables_made_outside_pgx() =>
        VerifyAsync(
            SqlCallSiteSources.Method(
                """
                connection.Execute({|#0:"INSERT INTO crm.contacts (id) VALUES (1)"|});
                connection.Execute("INSERT INTO crm.deals (id) VALUES (1)");
                connection.Execute({|#1:"SELECT * FROM crm.contacts c JOIN crm.deals d ON true JOIN \"Ledger\".entries e ON true"|});
                connection.Execute("SELECT * FROM crm.contacts c JOIN crm.deals d ON true");
                """,
                models: """
                [assembly: ForeignTableOnServer("crm.contacts", "crm_db")]
                [assembly: ForeignTableOnServer("crm.deals", "crm_db", ReadOnly = false)]
                [assembly: ForeignTableOnServer("\"Ledger\".entries", "ledger_db", ReadOnly = false)]
                [assembly: ForeignTableOnServer("not a name", "x")]
                [assembly: ForeignTableOnServer("crm.nowhere", "")]

                """),
            Write(0, "INSERT", "crm.contacts", "[assembly: ForeignTableOnServer(\"crm.contacts\", \"crm_db\")] in TestProject"),
            Join(1, "crm.contacts", "crm_db", "\"Ledger\".entries", "ledger_db"));

    [Fact]
    public Task A_record_with_model_errors_is_still_known_as_a_foreign_table() =>
        VerifyAsync(
            SqlCallSiteSources.Method(
                """
                connection.Execute({|#0:"DELETE FROM app.broken"|});
                """,
                models: """
                [assembly: ForeignServer("app_db")]
                [PgTable("broken", Schema = "app"), ForeignTable("app_db")]
                public sealed record Broken(int Id, System.Uri {|#1:Link|});

                """),
            Write(0, "DELETE", "app.broken", "record Broken, server app_db"),
            Diagnostic("PGX0010").WithLocation(1).WithArguments("Link", "System.Uri", "Broken"));

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
