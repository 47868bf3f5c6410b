using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>PGX0101, PGX0102, PGX0103: which tables they know, how names match, and what they leave alone.</summary>
public sealed class SqlRuleTests : RuleTests
{
    public SqlRuleTests()
        : base("PGX0101", "PGX0102", "PGX0103")
    {
    }

    /// <summary><paramref name="id"/> at location <paramref name="location"/>, naming the table and the record it comes from.</summary>
    private static DiagnosticResult On(string id, int location, string table = "public.t", string origin = "record T") =>
        Diagnostic(id).WithLocation(location).WithArguments(table, origin);

    [Theory]
    [InlineData("t")]
    [InlineData("T")]
    [InlineData("public.t")]
    [InlineData("PUBLIC.T")]
    [InlineData("\\\"t\\\"")]
    [InlineData("\\\"public\\\".\\\"t\\\"")]
    [InlineData("ONLY t")]
    public Task PGX0101_matches_names_as_postgresql_resolves_them(string table) =>
        VerifyAsync(SqlCallSiteSources.Method($"connection.Execute({{|#0:\"INSERT INTO {table.Replace("ONLY ", "")} AS x (p) VALUES (1) RETURNING x.id\"|}});"), On("PGX0101", 0));

    [Theory]
    [InlineData("\\\"T\\\"")]
    [InlineData("other.t")]
    [InlineData("t1")]
    [InlineData("t_2")]
    public Task PGX0101_leaves_other_names_alone(string table) =>
        VerifyAsync(SqlCallSiteSources.Method($"connection.Execute(\"INSERT INTO {table} (p) VALUES (1) RETURNING id\");"));

    [Fact]
    public Task PGX0101_finds_the_insert_in_any_statement_and_in_a_with_query() =>
        VerifyAsync(
            SqlCallSiteSources.Method("""
                connection.Execute({|#0:"SELECT 1; INSERT INTO t (p) VALUES (1) RETURNING *;"|});
                connection.Execute({|#1:"WITH i AS (INSERT INTO t (p) VALUES (1) RETURNING id) SELECT id FROM i"|});
                connection.Execute("WITH i AS (INSERT INTO t (p) VALUES (1)) SELECT id FROM t WHERE p = 1");
                """),
            On("PGX0101", 0),
            On("PGX0101", 1));

    [Fact]
    public Task PGX0103_fires_on_on_conflict_into_a_trigger_routed_parent_only() =>
        VerifyAsync(
            SqlCallSiteSources.Method("""
                connection.Execute({|#0:"INSERT INTO t (id, p) VALUES (@id, @p) ON CONFLICT (id) DO NOTHING"|});
                connection.Execute({|#1:"INSERT INTO t (id, p) VALUES (@id, @p) ON CONFLICT (id) DO UPDATE SET p = excluded.p RETURNING id"|});
                connection.Execute("INSERT INTO t1 (id, p) VALUES (@id, 1) ON CONFLICT (id) DO NOTHING");
                connection.Execute("INSERT INTO telemetry.events (id, at) VALUES (@id, now()) ON CONFLICT DO NOTHING");
                connection.Execute("INSERT INTO t (id, p) VALUES (@id, @p) -- ON CONFLICT (id) DO NOTHING");
                connection.Execute("INSERT INTO t (id, p) SELECT @id, @p WHERE NOT EXISTS (SELECT FROM t WHERE id = @id)");
                """),
            On("PGX0103", 0),
            On("PGX0101", 1),
            On("PGX0103", 1));

    [Fact]
    public Task PGX0102_fires_on_currval_lookups_on_trigger_routed_and_declarative_tables() =>
        VerifyAsync(
            SqlCallSiteSources.Method("""
                await connection.QuerySingleAsync<T>({|#0:"SELECT * FROM t WHERE id = currval('t_id_seq')"|});
                await connection.QuerySingleAsync<Event>({|#1:"SELECT * FROM telemetry.events e WHERE e.id = currval('telemetry.events_id_seq')"|});
                await using var command = new NpgsqlCommand({|#2:"INSERT INTO t (p) VALUES (1); SELECT * FROM t WHERE id = currval(pg_get_serial_sequence('t', 'id'))"|}, connection);
                db.Set<Plain>().FromSqlRaw({|#3:"SELECT p.* FROM plain p JOIN t ON t.id = currval('t_id_seq')"|}).ToQueryString();
                db.Database.ExecuteSqlRaw({|#4:"UPDATE t SET value = 'x' WHERE id = currval('t_id_seq')"|});
                """),
            On("PGX0102", 0),
            On("PGX0102", 1, "telemetry.events", "record Event"),
            On("PGX0102", 2),
            On("PGX0102", 3),
            On("PGX0102", 4));

    [Fact]
    public Task PGX0102_leaves_other_currval_uses_alone() =>
        VerifyAsync(SqlCallSiteSources.Method("""
            await connection.QuerySingleAsync<Plain>("SELECT * FROM plain WHERE id = currval('plain_id_seq')");
            await connection.QuerySingleAsync<T>("SELECT * FROM t WHERE id = (SELECT currval('t_id_seq'))");
            await connection.QuerySingleAsync<long>("SELECT currval('t_id_seq')");
            await connection.QuerySingleAsync<T>("SELECT * FROM t WHERE id = @id -- AND id = currval('t_id_seq')");
            await connection.QuerySingleAsync<T>("SELECT * FROM t WHERE value = 'id = currval(''t_id_seq'')'");
            await connection.QuerySingleAsync<T>("SELECT * FROM t WHERE value = $$ = currval('t_id_seq')$$");
            """));

    [Fact]
    public async Task Tables_of_a_referenced_models_assembly_are_known_from_its_generated_attributes()
    {
        // The models project, built the way dotnet build builds it: through the generator.
        var models = GeneratorRun.Of(SqlCallSiteSources.Prelude.Replace("using Dapper;", "").Replace("using Microsoft.EntityFrameworkCore;", "") + """
            namespace Models
            {
                [PgTable("t")]
                [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]
                [ListPartition("t1", 1)]
                public sealed record T([property: PgKey] long Id, int P);

                [PgTable("events", Schema = "telemetry")]
                [PartitionBy(nameof(Id), PartitionKind.Hash)]
                [HashPartitions(2)]
                public sealed record Event(long Id);
            }
            """);
        Assert.Empty(models.CompilationDiagnostics);
        var reference = TestCompilation.ToReference(models.Output.WithAssemblyName("Models"));

        await VerifyAsync(
            SqlCallSiteSources.Method(
                """
                connection.Execute({|#0:"INSERT INTO t (p) VALUES (1) RETURNING id"|});
                connection.Execute({|#1:"SELECT * FROM telemetry.events WHERE id = currval('telemetry.events_id_seq')"|});
                connection.Execute("INSERT INTO telemetry.events DEFAULT VALUES RETURNING id");
                """,
                withTables: false),
            reference,
            On("PGX0101", 0, origin: "[assembly: TriggerRoutedTable(\"public.t\")] in Models"),
            On("PGX0102", 1, "telemetry.events", "[assembly: PartitionedTable(\"telemetry.events\")] in Models"));
    }

    [Fact]
    public Task Hand_written_assembly_attributes_declare_tables_made_outside_pgx() =>
        VerifyAsync(
            SqlCallSiteSources.Method(
                """
                connection.Execute({|#0:"INSERT INTO sales.orders (total) VALUES (1) RETURNING id"|});
                connection.Execute({|#1:"INSERT INTO Sales.Orders (total) VALUES (1) RETURNING id"|});
                connection.Execute({|#2:"INSERT INTO \"Legacy\" (id) VALUES (1) ON CONFLICT DO NOTHING"|});
                connection.Execute("INSERT INTO legacy (id) VALUES (1) ON CONFLICT DO NOTHING");
                connection.Execute({|#3:"SELECT * FROM metrics WHERE id = currval('metrics_id_seq')"|});
                connection.Execute("INSERT INTO metrics (v) VALUES (1) RETURNING id");
                """,
                withTables: false).Replace("using Pgx;\n", """
                using Pgx;
                [assembly: TriggerRoutedTable("Sales.Orders")]
                [assembly: TriggerRoutedTable("\"Legacy\"")]
                [assembly: PartitionedTable("public.metrics")]

                """),
            On("PGX0101", 0, "sales.orders", "[assembly: TriggerRoutedTable(\"Sales.Orders\")] in TestProject"),
            On("PGX0101", 1, "sales.orders", "[assembly: TriggerRoutedTable(\"Sales.Orders\")] in TestProject"),
            On("PGX0103", 2, "public.\"Legacy\"", "[assembly: TriggerRoutedTable(\"\"Legacy\"\")] in TestProject"),
            On("PGX0102", 3, "public.metrics", "[assembly: PartitionedTable(\"public.metrics\")] in TestProject"));

    [Fact]
    public async Task Analyzers_register_nothing_without_pgx_and_sql_rules_nothing_without_a_data_access_library()
    {
        const string dapperCode = """
            using Dapper;
            public static class C { public static void M(System.Data.IDbConnection c) => c.Execute("INSERT INTO t (p) VALUES (1) RETURNING id"); }
            """;
        var pgx = MetadataReference.CreateFromFile(typeof(PgxApplyOptions).Assembly.Location);
        var dapper = MetadataReference.CreateFromFile(typeof(Dapper.SqlMapper).Assembly.Location);
        var withoutPgx = TestCompilation.Create(new[] { dapperCode }, references: TestCompilation.FrameworkReferences.Add(dapper));
        var withoutDataAccess = TestCompilation.Create(new[] { "public static class C { public static string M() => \"INSERT INTO t (p) VALUES (1) RETURNING id\"; }" }, references: TestCompilation.FrameworkReferences.Add(pgx));
        var withBoth = TestCompilation.Create(new[] { dapperCode }, references: TestCompilation.FrameworkReferences.Add(pgx).Add(dapper));

        // Registered actions per analyzer: (model rules' symbol actions, SQL rules' operation actions).
        Assert.Equal((0, 0), await RegisteredActionsAsync(withoutPgx));
        Assert.Equal((2, 0), await RegisteredActionsAsync(withoutDataAccess));
        Assert.Equal((2, 1), await RegisteredActionsAsync(withBoth));
    }

    private static async Task<(int Model, int Sql)> RegisteredActionsAsync(Compilation compilation)
    {
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var analyzers = AnalyzerRun.With(compilation);
        Assert.Empty(await analyzers.GetAnalyzerDiagnosticsAsync());
        var model = 0;
        var sql = 0;
        foreach (var analyzer in AnalyzerRun.All)
        {
            var telemetry = await analyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default);
            var actions = telemetry.OperationActionsCount + telemetry.SymbolActionsCount + telemetry.SyntaxNodeActionsCount + telemetry.SemanticModelActionsCount;
            // Model rules: records (ModelAnalyzer) and assembly-level foreign declarations.
            if (analyzer is Analyzers.ModelAnalyzer or Analyzers.ForeignDeclarationAnalyzer)
            {
                model += actions;
            }
            else
            {
                sql += actions;
            }
        }

        return (model, sql);
    }
}
