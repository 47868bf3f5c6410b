using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pgx.Generators.Emit;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// [ForeignServer], [ImportForeignSchema] and [ForeignTable] → <c>PgxSchema.ForeignSql</c> and its runtime
/// definition: golden file, discovery of assembly attributes, incremental caching, and what must never be
/// generated (secrets, foreign tables in the table DDL).
/// </summary>
public sealed class ForeignGenerationTests
{
    private static readonly string[] Tracked =
    {
        TrackingNames.TablesFromPgTable, TrackingNames.TablesFromForeignTable, TrackingNames.AllTables,
        TrackingNames.ForeignServers, TrackingNames.ForeignImports, TrackingNames.AssemblyName, TrackingNames.ForeignDeclarations, TrackingNames.RepositoryTables,
    };

    [Fact]
    public void Foreign_sql_matches_snapshot()
    {
        var run = GeneratorRun.Of(ForeignModels.Declarations, ForeignModels.Records);

        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Match("Foreign.sql", run.ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql"));
    }

    [Theory]
    [InlineData("", "'10000', 'false', 'true', '1000', ''")]
    [InlineData(", FetchSize = 100, AsyncCapable = false, BatchSize = 1", "'100', 'false', 'false', '1', ''")]
    [InlineData(", FetchSize = 0, BatchSize = 0, UseRemoteEstimate = true", "'', 'true', 'true', '', ''")]
    [InlineData(", Extensions = new[] { \"citext\", \"Odd,Name\", \"citext\" }", "'10000', 'false', 'true', '1000', 'citext,\"Odd,Name\"'")]
    public void Server_options_left_out_get_Pgx_defaults_and_spelled_out_ones_win(string arguments, string options)
    {
        // fetch_size, use_remote_estimate, async_capable, batch_size, extensions; '' leaves the option as the server has it.
        var run = GeneratorRun.Of("using Pgx;\n[assembly: ForeignServer(\"app_db\"" + arguments + ")]");

        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains(
            "pg_catalog.current_setting('pgx.app_db_dbname'), " + options + "], 'pgx.app_db_user'",
            run.ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql"));
    }

    [Fact]
    public void Foreign_repositories_match_snapshots()
    {
        var run = GeneratorRun.Of(ForeignModels.Declarations, ForeignModels.Records, ForeignModels.WritableRecord);

        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Match("ForeignRepository.User.cs", run.Sources["Reporting.User.Pgx.g.cs"]);
        Snapshot.Match("ForeignRepository.Note.cs", run.Sources["Reporting.Notes.Note.Pgx.g.cs"]);

        // A local record beside them gets the full repository (inserts included), not a read-only one.
        Assert.Contains("InsertManyAsync", run.Sources["Reporting.Event.Pgx.g.cs"]);
        Assert.DoesNotContain("InsertAsync", run.Sources["Reporting.User.Pgx.g.cs"]);
    }

    [Fact]
    public void A_read_only_repository_has_no_write_methods()
    {
        var run = GeneratorRun.Of(ForeignModels.Declarations, ForeignModels.Records, ForeignModels.WritableRecord);
        var users = run.Output.GetTypeByMetadataName("Reporting.UserRepository")!;
        var notes = run.Output.GetTypeByMetadataName("Reporting.Notes.NoteRepository")!;

        Assert.Equal(new[] { "FindAsync", "QueryAsync" }, users.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && m.DeclaredAccessibility == Accessibility.Public).Select(m => m.Name).OrderBy(n => n));
        Assert.Equal(new[] { "FindAsync", "InsertAsync", "InsertManyAsync", "QueryAsync", "UpdateAsync" }, notes.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && m.DeclaredAccessibility == Accessibility.Public).Select(m => m.Name).OrderBy(n => n));
    }

    [Theory]
    [InlineData("", "string Name, int Count", "QueryAsync")]
    [InlineData(", ReadOnly = false", "string Name, int Count", "InsertAsync InsertManyAsync QueryAsync")]
    [InlineData(", ReadOnly = false", "[property: PgKey] int A, [property: PgKey] int B", "FindAsync InsertAsync InsertManyAsync QueryAsync")]
    [InlineData(", ReadOnly = false", "[property: PgKey] int A, [property: PgKey] int B, string? Note", "FindAsync InsertAsync InsertManyAsync QueryAsync UpdateAsync")]
    [InlineData("", "[property: PgKey] int A, [property: PgKey] int B, string? Note", "FindAsync QueryAsync")]
    public void A_foreign_repository_has_the_methods_its_key_and_ReadOnly_allow(string readOnly, string parameters, string methods)
    {
        var run = GeneratorRun.Of(ForeignModels.Declarations, "using Pgx;\nnamespace Reporting { [PgTable(\"items\", Schema = \"app\"), ForeignTable(\"app_db\"" + readOnly + ")] public sealed record Item(" + parameters + "); }");
        var repository = run.Output.GetTypeByMetadataName("Reporting.ItemRepository")!;

        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal(methods, string.Join(" ", repository.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && m.DeclaredAccessibility == Accessibility.Public).Select(m => m.Name).OrderBy(n => n, System.StringComparer.Ordinal)));
    }

    [Fact]
    public void A_line_break_in_a_table_or_server_name_stays_inside_the_doc_comments()
    {
        var run = GeneratorRun.Of(
            "using Pgx;\n[assembly: ForeignServer(\"app\\ndb\")]",
            "using Pgx;\nnamespace Reporting { [PgTable(\"it\\nems\", Schema = \"a\\u2028pp\"), ForeignTable(\"app\\ndb\", RemoteName = \"x\\r\\ny\", ReadOnly = false)] public sealed record Item(int Id, string Name); }",
            "using Pgx;\nnamespace Reporting { [PgTable(\"lo\\ncal\", Schema = \"x\\u0085y\")] public sealed record Local(long Id, string Name); }");

        Assert.Empty(run.CompilationDiagnostics);
        var repository = run.Output.GetTypeByMetadataName("Reporting.ItemRepository")!;
        Assert.Equal("SELECT id, name FROM \"a\u2028pp\".\"it\nems\" WHERE id = $1", repository.GetMembers("FindSql").OfType<IFieldSymbol>().Single().ConstantValue);
        Assert.Single(repository.GetMembers("UpdateAsync"));
        Assert.Single(run.Output.GetTypeByMetadataName("Reporting.LocalRepository")!.GetMembers("InsertManyAsync"));
    }

    [Fact]
    public void QueryAsync_takes_no_plain_string()
    {
        var run = GeneratorRun.Of(ForeignModels.Declarations, ForeignModels.Records, """
            namespace Reporting
            {
                public static class Caller
                {
                    public static void Call(UserRepository users, int id) => users.QueryAsync("id = " + id);
                }
            }
            """);

        Assert.Contains(run.Output.GetDiagnostics(), d => d.Id == "CS1503" && d.GetMessage().Contains("FormattableString", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_record_nested_in_a_non_public_type_gets_no_repository_and_everything_compiles()
    {
        var run = GeneratorRun.Of(ForeignModels.Declarations, """
            using Pgx;
            namespace Reporting
            {
                internal static class Holder
                {
                    [PgTable("hidden", Schema = "app"), ForeignTable("app_db")]
                    private sealed record Hidden(int Id);
                }
            }
            """);

        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotContain(run.Sources.Keys, k => k.Contains("Hidden", System.StringComparison.Ordinal));
        Assert.Contains("pgx_foreign_staging_1.hidden", run.ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql"));
    }

    [Fact]
    public void Assembly_attributes_in_another_file_are_found_and_foreign_tables_stay_out_of_the_table_ddl()
    {
        var run = GeneratorRun.Of(ForeignModels.Declarations, ForeignModels.Records);
        var foreignSql = run.ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql");

        Assert.Contains("CREATE FOREIGN TABLE pgx_foreign_staging_1.users (", foreignSql);
        Assert.Contains("IMPORT FOREIGN SCHEMA public EXCEPT (schema_migrations) FROM SERVER app_db INTO pgx_foreign_staging_2;", foreignSql);
        Assert.Contains("'1000', 'true', 'true', '1000', ''", foreignSql);
        Assert.Contains("-- production.events", run.SchemaSql);
        Assert.DoesNotContain("users", run.SchemaSql);
    }

    [Fact]
    public void Declarations_alone_still_generate_the_schema_class()
    {
        var run = GeneratorRun.Of(ForeignModels.Declarations);

        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal("", run.SchemaSql);
        Assert.Contains("IMPORT FOREIGN SCHEMA public", run.ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql"));
    }

    [Fact]
    public void Without_foreign_declarations_ForeignSql_is_empty()
    {
        var run = GeneratorRun.Of(Models.TriggerList);

        Assert.Equal("", run.ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql"));
    }

    [Fact]
    public void The_script_opens_no_transaction_of_its_own_so_it_runs_inside_the_artifacts_or_a_migration_tools()
    {
        var sql = GeneratorRun.Of(ForeignModels.Declarations, ForeignModels.Records).ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql");
        var lines = sql.Split('\n');
        // plpgsql blocks do have BEGIN … END, and nested blocks END; inside them: look only outside the DO bodies.
        var outside = System.Text.RegularExpressions.Regex.Replace(sql, @"DO (\$pgx\d*\$)[\s\S]*?\1;", "DO;").Split('\n');

        Assert.Contains("BEGIN", lines);
        Assert.Contains(lines, l => l.Trim() == "END;");
        Assert.DoesNotContain(outside, l => l.Trim().ToUpperInvariant() is "BEGIN;" or "COMMIT;" or "END;" or "ROLLBACK;" || l.StartsWith("START TRANSACTION", System.StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("pg_advisory", sql);
        Assert.EndsWith("CASCADE;\n", sql);
    }

    [Fact]
    public void Generated_foreign_code_compiles_without_warnings_under_csharp_9()
    {
        var records = ForeignModels.Records.Replace("namespace Reporting;", "namespace Reporting {") + "\n}";
        var run = GeneratorRun.Of(LanguageVersion.CSharp9, ForeignModels.Declarations, records);
        var strict = run.Output.WithOptions(run.Output.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error).WithWarningLevel(9999));

        Assert.Empty(strict.GetDiagnostics().Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void Secrets_have_nowhere_to_go_in_attributes_or_generated_code()
    {
        // The runtime's attribute (the generator compiles in an internal copy of the same source).
        var attribute = typeof(PgxApplyOptions).Assembly.GetType("Pgx.ForeignServerAttribute", throwOnError: true)!;
        var settable = attribute.GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToList();
        Assert.Contains("Host", settable);
        Assert.DoesNotContain(settable, p => p is "User" or "UserName" or "Username" or "Password" or "ConnectionString");

        var source = GeneratorRun.Of(ForeignModels.Declarations, ForeignModels.Records).Sources["PgxSchema.g.cs"];
        // The password variable is handed to a program through the environment, never interpolated into SQL text;
        // the statements name the setting that holds it.
        Assert.Contains("PGX_FOREIGN_SECRET :app_db_password", source);
        Assert.DoesNotContain(":'app_db_password'", source);
        Assert.Contains("'pgx.app_db_password'", source);
        Assert.DoesNotContain("password '", source);
    }

    [Theory]
    [InlineData("app_db", "app_db")]
    [InlineData("_x1", "_x1")]
    [InlineData("App", "app_")]
    [InlineData("1db", "server_1db_")]
    [InlineData("a\"b; DROP", "a_b__drop_")]
    public void Setting_names_are_plain_identifiers_whatever_the_server_name(string server, string prefixStart)
    {
        var prefix = ForeignVariables.Prefix(server);

        Assert.StartsWith(prefixStart, prefix);
        Assert.Matches("^[a-z_][a-z0-9_]*$", prefix);
        Assert.Equal(prefix == server, server == prefixStart);
    }

    [Fact]
    public void An_unrelated_edit_leaves_foreign_steps_cached()
    {
        var (driver, compilation) = RunOnce(ForeignModels.Declarations, ForeignModels.Records);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Elsewhere { public static class Unrelated { public static int M() => 42; } }", TestCompilation.ParseOptions()));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(TrackingNames.ForeignDeclarations, result.TrackedSteps.Keys);
        foreach (var step in Tracked.Where(result.TrackedSteps.ContainsKey))
        {
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} was {o.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_edit_in_the_declarations_file_that_keeps_them_leaves_the_output_cached()
    {
        var (driver, compilation) = RunOnce(ForeignModels.Declarations, ForeignModels.Records);
        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(0, 0, "// a comment that changes no declaration\n")));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var servers = result.TrackedSteps[TrackingNames.ForeignServers].SelectMany(s => s.Outputs).Single().Reason;
        Assert.Equal(IncrementalStepRunReason.Unchanged, servers);
        Assert.True(result.TrackedSteps[TrackingNames.ForeignDeclarations].Single().Outputs.Single().Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void A_declaration_change_reaches_the_output()
    {
        var (driver, compilation) = RunOnce(ForeignModels.Declarations, ForeignModels.Records);
        var tree = compilation.SyntaxTrees.First();
        var changed = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(ForeignModels.Declarations.Replace("FetchSize = 1000", "FetchSize = 5000"), TestCompilation.ParseOptions()));

        var result = driver.RunGenerators(changed).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.ForeignDeclarations].Single().Outputs.Single().Reason);
        Assert.Contains("'5000'", result.GeneratedSources.Single(g => g.HintName == "PgxSchema.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Foreign_models_hold_no_roslyn_objects()
    {
        var (driver, _) = RunOnce(ForeignModels.Declarations, ForeignModels.Records);
        var result = driver.GetRunResult().Results.Single();
        var values = Tracked.Where(result.TrackedSteps.ContainsKey).SelectMany(s => result.TrackedSteps[s]).SelectMany(s => s.Outputs).Select(o => o.Value).OfType<object>().ToList();

        Assert.Contains(values, v => v.GetType().Name == "ForeignSpec");
        Assert.All(values, v => Assert.DoesNotContain(v.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic),
            f => typeof(ISymbol).IsAssignableFrom(f.FieldType) || typeof(SyntaxNode).IsAssignableFrom(f.FieldType) || typeof(Location).IsAssignableFrom(f.FieldType) || typeof(Compilation).IsAssignableFrom(f.FieldType)));
    }

    private const string Usings = "using System; using Pgx;\n";

    [Fact]
    public void Invalid_declarations_are_left_out_and_the_rest_is_generated()
    {
        var run = GeneratorRun.Of(Usings + """
            [assembly: ForeignServer("dup")]
            [assembly: ForeignServer("dup")]
            [assembly: ForeignServer("bad", Port = -1)]
            [assembly: ForeignServer("good")]
            [assembly: ImportForeignSchema("dup", LocalSchema = "from_dup")]
            [assembly: ImportForeignSchema("good", LocalSchema = "both", LimitTo = new[] { "a" }, Except = new[] { "b" })]
            [assembly: ImportForeignSchema("good", LocalSchema = "fine")]
            """);
        var sql = run.ConstantOf("Pgx.Generated.PgxSchema", "ForeignSql");

        Assert.Contains("('good', ARRAY[", sql);
        Assert.Contains("INTO pgx_foreign_staging_1", sql);
        Assert.DoesNotContain("'dup'", sql);
        Assert.DoesNotContain("'bad'", sql);
        Assert.DoesNotContain("from_dup", sql);
        Assert.DoesNotContain("both", sql);
    }

    [Fact]
    public async Task Every_truncation_of_a_foreign_model_file_is_survived()
    {
        var source = ForeignModels.Declarations + "\n" + ForeignModels.WritableRecord.Replace("using System;\nusing Pgx;\n", "");
        for (var length = 0; length <= source.Length; length += 5)
        {
            var prefix = source.Substring(0, length);
            var run = GeneratorRun.Of(prefix);
            Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
            Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id is "CS8785" or "CS8784");
            if (length % 25 == 0)
            {
                Assert.DoesNotContain(await AnalyzerRun.DiagnosticsAsync(prefix), d => d.Id is "AD0001" or "PGX0999");
            }
        }
    }

    [Theory]
    [InlineData("[assembly: ForeignServer(null!)]")]
    [InlineData("[assembly: ForeignServer(42)]")]
    [InlineData("[assembly: ForeignServer(\"a\", Port = \"x\")]")]
    [InlineData("[assembly: ForeignServer]")]
    [InlineData("[assembly: ImportForeignSchema(null!, LimitTo = null!)]")]
    [InlineData("[assembly: ForeignServer(\"a\")] [assembly: ImportForeignSchema(\"a\", LimitTo = new string[] { null! })]")]
    [InlineData("[assembly: ForeignServer(\"a\")] [assembly: ImportForeignSchema(\"a\", Except = new[] { 1 })]")]
    public async Task Malformed_foreign_declarations_never_crash(string declarations)
    {
        var source = Usings + declarations;

        var run = GeneratorRun.Of(source);
        Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id is "CS8785" or "CS8784");

        var diagnostics = await AnalyzerRun.DiagnosticsAsync(source);
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "PGX0999");
        Assert.True(diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || run.Output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error), "broken input gets an error, from Pgx or the compiler");
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) RunOnce(params string[] sources)
    {
        var compilation = TestCompilation.Create(sources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new PgxGenerator().AsSourceGenerator() },
            parseOptions: TestCompilation.ParseOptions(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        return (driver.RunGenerators(compilation), compilation);
    }
}
