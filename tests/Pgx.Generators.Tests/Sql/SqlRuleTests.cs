using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>PGX0101, PGX0102, PGX0103: which tables they know, how names match, and what they leave alone.</summary>
public sealed class SqlRuleTests
{
    [Theory]
    [InlineData("t")]
    [InlineData("T")]
    [InlineData("public.t")]
    [InlineData("PUBLIC.T")]
    [InlineData("\\\"t\\\"")]
    [InlineData("\\\"public\\\".\\\"t\\\"")]
    [InlineData("ONLY t")]
    public Task PGX0101_matches_names_as_postgresql_resolves_them(string table) =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method($"connection.Execute({{|PGX0101:\"INSERT INTO {table.Replace("ONLY ", "")} AS x (p) VALUES (1) RETURNING x.id\"|}});"));

    [Theory]
    [InlineData("\\\"T\\\"")]
    [InlineData("other.t")]
    [InlineData("t1")]
    [InlineData("t_2")]
    public Task PGX0101_leaves_other_names_alone(string table) =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method($"connection.Execute(\"INSERT INTO {table} (p) VALUES (1) RETURNING id\");"));

    [Fact]
    public Task PGX0101_finds_the_insert_in_any_statement_and_in_a_with_query() =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method("""
            connection.Execute({|PGX0101:"SELECT 1; INSERT INTO t (p) VALUES (1) RETURNING *;"|});
            connection.Execute({|PGX0101:"WITH i AS (INSERT INTO t (p) VALUES (1) RETURNING id) SELECT id FROM i"|});
            connection.Execute("WITH i AS (INSERT INTO t (p) VALUES (1)) SELECT id FROM t WHERE p = 1");
            """));

    [Fact]
    public Task PGX0103_fires_on_on_conflict_into_a_trigger_routed_parent_only() =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method("""
            connection.Execute({|PGX0103:"INSERT INTO t (id, p) VALUES (@id, @p) ON CONFLICT (id) DO NOTHING"|});
            connection.Execute({|PGX0101:{|PGX0103:"INSERT INTO t (id, p) VALUES (@id, @p) ON CONFLICT (id) DO UPDATE SET p = excluded.p RETURNING id"|}|});
            connection.Execute("INSERT INTO t1 (id, p) VALUES (@id, 1) ON CONFLICT (id) DO NOTHING");
            connection.Execute("INSERT INTO telemetry.events (id, at) VALUES (@id, now()) ON CONFLICT DO NOTHING");
            connection.Execute("INSERT INTO t (id, p) VALUES (@id, @p) -- ON CONFLICT (id) DO NOTHING");
            connection.Execute("INSERT INTO t (id, p) SELECT @id, @p WHERE NOT EXISTS (SELECT FROM t WHERE id = @id)");
            """));

    [Fact]
    public Task PGX0102_fires_on_currval_lookups_on_trigger_routed_and_declarative_tables() =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method("""
            await connection.QuerySingleAsync<T>({|PGX0102:"SELECT * FROM t WHERE id = currval('t_id_seq')"|});
            await connection.QuerySingleAsync<Event>({|PGX0102:"SELECT * FROM telemetry.events e WHERE e.id = currval('telemetry.events_id_seq')"|});
            await using var command = new NpgsqlCommand({|PGX0102:"INSERT INTO t (p) VALUES (1); SELECT * FROM t WHERE id = currval(pg_get_serial_sequence('t', 'id'))"|}, connection);
            db.Set<Plain>().FromSqlRaw({|PGX0102:"SELECT p.* FROM plain p JOIN t ON t.id = currval('t_id_seq')"|}).ToQueryString();
            db.Database.ExecuteSqlRaw({|PGX0102:"UPDATE t SET value = 'x' WHERE id = currval('t_id_seq')"|});
            """));

    [Fact]
    public Task PGX0102_leaves_other_currval_uses_alone() =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method("""
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

        await AnalyzerRun.VerifyAsync(
            SqlCallSiteSources.Method(
                """
                connection.Execute({|PGX0101:"INSERT INTO t (p) VALUES (1) RETURNING id"|});
                connection.Execute({|PGX0102:"SELECT * FROM telemetry.events WHERE id = currval('telemetry.events_id_seq')"|});
                connection.Execute("INSERT INTO telemetry.events DEFAULT VALUES RETURNING id");
                """,
                withTables: false),
            reference);
    }

    [Fact]
    public Task Hand_written_assembly_attributes_declare_tables_made_outside_pgx() =>
        AnalyzerRun.VerifyAsync(SqlCallSiteSources.Method(
            """
            connection.Execute({|PGX0101:"INSERT INTO sales.orders (total) VALUES (1) RETURNING id"|});
            connection.Execute({|PGX0101:"INSERT INTO Sales.Orders (total) VALUES (1) RETURNING id"|});
            connection.Execute({|PGX0103:"INSERT INTO \"Legacy\" (id) VALUES (1) ON CONFLICT DO NOTHING"|});
            connection.Execute("INSERT INTO legacy (id) VALUES (1) ON CONFLICT DO NOTHING");
            connection.Execute({|PGX0102:"SELECT * FROM metrics WHERE id = currval('metrics_id_seq')"|});
            connection.Execute("INSERT INTO metrics (v) VALUES (1) RETURNING id");
            """,
            withTables: false).Replace("using Pgx;\n", """
            using Pgx;
            [assembly: TriggerRoutedTable("Sales.Orders")]
            [assembly: TriggerRoutedTable("\"Legacy\"")]
            [assembly: PartitionedTable("public.metrics")]

            """));

    [Fact]
    public async Task Analyzers_register_nothing_without_pgx_and_sql_rules_nothing_without_a_data_access_library()
    {
        const string dapperCode = """
            using Dapper;
            public static class C { public static void M(System.Data.IDbConnection c) => c.Execute("INSERT INTO t (p) VALUES (1) RETURNING id"); }
            """;
        var pgx = MetadataReference.CreateFromFile(typeof(PgTableAttribute).Assembly.Location);
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
