using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// PGX0024: a record that gets no repository, or one that does not read a column back, hears why — at the record
/// or the member — and the generator's output is exactly what the warning says.
/// </summary>
public sealed class RepositoryGapTests : RuleTests
{
    private const string Usings = "using System; using System.ComponentModel.DataAnnotations.Schema; using System.Diagnostics.CodeAnalysis; using Pgx;\n";

    private const string Namespace = "namespace Shop;\n";

    private const string ForeignServer = "[assembly: ForeignServer(\"app_db\")]\n";

    public RepositoryGapTests()
        : base(ModelRules)
    {
    }

    /// <summary>Each way a record loses its repository (or a column's read-back), with the arguments of its message: what, why, what instead.</summary>
    public static TheoryData<string, string, string[]> Gaps => new()
    {
        {
            "private nested record",
            """
            public static class Outer
            {
                [PgTable("hidden")]
                private sealed record {|#0:Hidden|}(long Id);
            }
            """,
            new[]
            {
                "Pgx generates no HiddenRepository",
                "Hidden is private, so code in namespace Shop cannot name it",
                "declare Hidden internal or public",
            }
        },
        {
            "protected nested record",
            """
            public class Outer
            {
                [PgTable("guarded")]
                protected sealed record {|#0:Guarded|}(long Id);
            }
            """,
            new[]
            {
                "Pgx generates no GuardedRepository",
                "Guarded is protected, so code in namespace Shop cannot name it",
                "declare Guarded internal or public",
            }
        },
        {
            "public record in a private class",
            """
            internal static class Holder
            {
                private static class Inner
                {
                    [PgTable("deep")]
                    public sealed record {|#0:Deep|}(long Id);
                }
            }
            """,
            new[]
            {
                "Pgx generates no DeepRepository",
                "Deep is nested in Inner, which is private, so code in namespace Shop cannot name Deep",
                "declare Inner internal or public",
            }
        },
        {
            "no usable constructor",
            """
            [PgTable("orders")]
            public sealed record {|#0:Order|}
            {
                public Order(long id) => Id = id;
                public long Id { get; init; }
            }
            """,
            new[]
            {
                "Pgx generates no OrderRepository",
                "Order has no primary constructor and no accessible parameterless constructor, so the repository cannot build the rows it reads",
                "make it a positional record (record Order(…)) or add a parameterless constructor",
            }
        },
        {
            "only a private parameterless constructor",
            """
            [PgTable("sealed_rows")]
            public sealed record {|#0:SealedRow|}
            {
                private SealedRow() { }
                public SealedRow(long id) => Id = id;
                public long Id { get; init; }
            }
            """,
            new[]
            {
                "Pgx generates no SealedRowRepository",
                "SealedRow has no primary constructor and no accessible parameterless constructor, so the repository cannot build the rows it reads",
                "make it a positional record (record SealedRow(…)) or add a parameterless constructor",
            }
        },
        {
            "required property not mapped",
            """
            [PgTable("notes")]
            public sealed record Note
            {
                public long Id { get; init; }
                [PgIgnore] public required string {|#0:Tag|} { get; init; }
            }
            """,
            new[]
            {
                "Pgx generates no NoteRepository",
                "the required member 'Tag' is not mapped to a column, so the new Note(…) { … } that builds the rows it reads would not compile (CS9035)",
                "map it as a column with a public set or init accessor, drop 'required', or mark the parameterless constructor [SetsRequiredMembers]",
            }
        },
        {
            "required field",
            """
            [PgTable("tagged")]
            public sealed record Tagged(long Id)
            {
                public required string {|#0:Label|};
            }
            """,
            new[]
            {
                "Pgx generates no TaggedRepository",
                "the required member 'Label' is a field, which Pgx never maps, so the new Tagged(…) { … } that builds the rows it reads would not compile (CS9035)",
                "map it as a property column with a public set or init accessor, or drop 'required'",
            }
        },
        {
            "required property of a base record",
            """
            public abstract record Audited
            {
                [NotMapped] public required string {|#0:Who|} { get; init; }
            }

            [PgTable("audited_rows")]
            public sealed record AuditedRow(long Id) : Audited;
            """,
            new[]
            {
                "Pgx generates no AuditedRowRepository",
                "the required member 'Who' is not mapped to a column, so the new AuditedRow(…) { … } that builds the rows it reads would not compile (CS9035)",
                "map it as a property column with a public set or init accessor, or drop 'required'",
            }
        },
        {
            "sequence key without a setter",
            """
            [PgTable("keyed")]
            public sealed record Keyed(long Id, string Name)
            {
                public long {|#0:Id|} { get; } = Id;
            }
            """,
            new[]
            {
                "Pgx generates no KeyedRepository",
                "the key 'Id' takes its values from the sequence public.keyed_id_seq but has no public set or init accessor, so InsertAsync cannot hand back the row with its key (row with { Id = … })",
                "give it an init accessor ({ get; init; }), as a positional parameter has",
            }
        },
        {
            "computed property",
            """
            [PgTable("labels")]
            public sealed record Label(long Id, string Text)
            {
                public string {|#0:Shouted|} => Text.ToUpperInvariant();
            }
            """,
            new[]
            {
                "LabelRepository does not read 'Shouted' back",
                "it is mapped to the column 'shouted', but has no public set or init accessor and is no constructor parameter, so the rows the repository returns carry what the property computes, not the stored value",
                "give it an init accessor or make it a positional parameter, or mark it [PgIgnore] if it should not be a column",
            }
        },
        {
            "property with a private setter",
            """
            [PgTable("counters")]
            public sealed record Counter(long Id)
            {
                public int {|#0:Hits|} { get; private set; }
            }
            """,
            new[]
            {
                "CounterRepository does not read 'Hits' back",
                "it is mapped to the column 'hits', but has no public set or init accessor and is no constructor parameter, so the rows the repository returns carry what the property computes, not the stored value",
                "give it an init accessor or make it a positional parameter, or mark it [PgIgnore] if it should not be a column",
            }
        },
        {
            "no repository: only the reason why, not the columns it would skip",
            """
            [PgTable("both")]
            public sealed record {|#0:Both|}
            {
                public Both(long id) => Id = id;
                public long Id { get; init; }
                public string Computed => "x";
            }
            """,
            new[]
            {
                "Pgx generates no BothRepository",
                "Both has no primary constructor and no accessible parameterless constructor, so the repository cannot build the rows it reads",
                "make it a positional record (record Both(…)) or add a parameterless constructor",
            }
        },
    };

    [Theory]
    [MemberData(nameof(Gaps))]
    public Task Fires_at_the_record_or_member_with_why_and_what_instead(string shape, string markup, string[] arguments)
    {
        _ = shape; // names the case in the test list
        return VerifyAsync(Usings + Namespace + markup, Diagnostic("PGX0024", 0, arguments));
    }

    [Theory]
    [MemberData(nameof(Gaps))]
    public async Task The_generator_does_what_the_warning_says_and_its_output_compiles(string shape, string markup, string[] arguments)
    {
        _ = arguments;
        var source = Usings + Namespace + WithoutMarkup(markup);
        var run = GeneratorRun.Of(source);
        Assert.True(run.CompilationDiagnostics.IsEmpty, shape + ":\n" + string.Join("\n", run.CompilationDiagnostics));
        AssertOutputMatches(await AnalyzerRun.DiagnosticsAsync(source), run);
    }

    [Theory]
    [InlineData("""
        [PgTable("plain")]
        public sealed record Plain(long Id, string Name);
        """)]
    [InlineData("""
        public class Outer
        {
            [PgTable("nested_public")] public sealed record NestedPublic(long Id);
            [PgTable("nested_internal")] internal sealed record NestedInternal(long Id);
            [PgTable("nested_protected_internal")] protected internal sealed record NestedProtectedInternal(long Id);
        }
        """)]
    [InlineData("""
        [PgTable("init_only")]
        public sealed record InitOnly
        {
            public long Id { get; init; }
            public required string Name { get; init; }
            public string? Note { get; set; }
            [PgIgnore] public string Shouted => Name.ToUpperInvariant();
        }
        """)]
    [InlineData("""
        [PgTable("sets_required")]
        public sealed record SetsRequired
        {
            [SetsRequiredMembers] public SetsRequired() => Tag = "";
            public long Id { get; init; }
            [PgIgnore] public required string Tag { get; init; }
        }
        """)]
    [InlineData("""
        [PgTable("struct_rows")]
        public readonly record struct StructRow([property: PgKey] int Id, double X);
        """)]
    [InlineData("""
        [PgTable("app_keys")]
        public sealed record AppKey([property: PgKey(UseSequence = false)] long Id)
        {
            public string Name { get; init; } = "";
        }
        """)]
    public async Task Does_not_fire_where_the_repository_is_complete(string source)
    {
        var diagnostics = await AnalyzerRun.DiagnosticsAsync(Usings + Namespace + source);
        Assert.Empty(diagnostics);
        var run = GeneratorRun.Of(Usings + Namespace + source);
        Assert.Empty(run.CompilationDiagnostics);
        AssertOutputMatches(diagnostics, run);
    }

    [Fact]
    public async Task A_key_the_application_supplies_needs_no_setter()
    {
        // Without a sequence, InsertAsync returns the row as given: no 'with', so no accessor is needed.
        var source = Usings + Namespace + """
            [PgTable("given_keys")]
            public sealed record GivenKey(long Id)
            {
                [PgKey(UseSequence = false)] public long Id { get; } = Id;
            }
            """;
        Assert.Empty(await AnalyzerRun.DiagnosticsAsync(source));
        var run = GeneratorRun.Of(source);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Contains("Shop.GivenKey.Pgx.g.cs", run.Sources.Keys);
    }

    [Theory]
    [InlineData("""
        [PgTable("f_ctor", Schema = "app"), ForeignTable("app_db")]
        public sealed record {|#0:ForeignCtor|}
        {
            public ForeignCtor(int id) => Id = id;
            public int Id { get; init; }
        }
        """,
        false,
        new[]
        {
            "Pgx generates no ForeignCtorRepository",
            "ForeignCtor has no primary constructor and no accessible parameterless constructor, so the repository cannot build the rows it reads",
            "make it a positional record (record ForeignCtor(…)) or add a parameterless constructor",
        })]
    [InlineData("""
        [PgTable("f_required", Schema = "app"), ForeignTable("app_db")]
        public sealed record ForeignRequired(int Id)
        {
            [PgIgnore] public required string {|#0:Tag|} { get; init; }
        }
        """,
        false,
        new[]
        {
            "Pgx generates no ForeignRequiredRepository",
            "the required member 'Tag' is not mapped to a column, so the new ForeignRequired(…) { … } that builds the rows it reads would not compile (CS9035)",
            "map it as a property column with a public set or init accessor, or drop 'required'",
        })]
    [InlineData("""
        [PgTable("f_computed", Schema = "app"), ForeignTable("app_db")]
        public sealed record ForeignComputed(int Id, string Email)
        {
            public string {|#0:Domain|} => Email.Substring(Email.IndexOf('@') + 1);
        }
        """,
        true,
        new[]
        {
            "ForeignComputedRepository does not read 'Domain' back",
            "it is mapped to the column 'domain', but has no public set or init accessor and is no constructor parameter, so the rows the repository returns carry what the property computes, not the stored value",
            "give it an init accessor or make it a positional parameter, or mark it [PgIgnore] if it should not be a column",
        })]
    [InlineData("""
        internal static class Holder
        {
            [PgTable("f_nested", Schema = "app"), ForeignTable("app_db")]
            public sealed record ForeignNested(int Id);
        }
        """,
        true,
        new string[0])]
    public async Task Foreign_table_repositories_follow_the_same_decision(string markup, bool hasRepository, string[] arguments)
    {
        DiagnosticResult[] expected = arguments.Length == 0 ? [] : [Diagnostic("PGX0024", 0, arguments)];
        await VerifyAsync(Usings + ForeignServer + Namespace + markup, expected);

        var source = Usings + ForeignServer + Namespace + WithoutMarkup(markup);
        var run = GeneratorRun.Of(source);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal(hasRepository, run.Sources.Keys.Any(k => k.EndsWith(".Pgx.g.cs", StringComparison.Ordinal)));
        AssertOutputMatches(await AnalyzerRun.DiagnosticsAsync(source), run);
    }

    [Fact]
    public async Task Every_model_in_the_test_suite_gets_the_repository_its_diagnostics_promise()
    {
        var sources = new[] { Models.TriggerList, Models.Events, Models.Readings, Models.Plain, Models.TriggerRange };
        foreach (var source in sources)
        {
            var run = GeneratorRun.Of(source);
            Assert.Contains(run.Sources.Keys, k => k.EndsWith(".Pgx.g.cs", StringComparison.Ordinal));
            AssertOutputMatches(await AnalyzerRun.DiagnosticsAsync(source), run);
        }
    }

    [Fact]
    public async Task Severity_is_configurable_like_every_rule()
    {
        var source = Usings + Namespace + """
            [PgTable("labels")]
            public sealed record Label(long Id, string Text)
            {
                public string Shouted => Text.ToUpperInvariant();
            }
            """;
        using var run = WorkspaceRun.Create(new[] { source }, "root = true\n[*.cs]\ndotnet_diagnostic.PGX0024.severity = error\n");
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(await run.DiagnosticsAsync()).Severity);

        using var silenced = WorkspaceRun.Create(new[] { source }, "root = true\n[*.cs]\ndotnet_diagnostic.PGX0024.severity = none\n");
        Assert.Empty(await silenced.DiagnosticsAsync());
    }

    /// <summary>The source <paramref name="markup"/> marks: as the compiler sees it.</summary>
    private static string WithoutMarkup(string markup)
    {
        TestFileMarkupParser.GetSpans(markup, out var source, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
        return source;
    }

    /// <summary>
    /// For every PGX0024: "generates no XRepository" ⇔ no X.Pgx.g.cs; "XRepository does not read 'P' back" ⇔ the
    /// repository exists and its ReadRow neither passes nor initializes P. Records without PGX0024 have a repository.
    /// </summary>
    private static void AssertOutputMatches(IReadOnlyList<Diagnostic> diagnostics, GeneratorRun run)
    {
        var gaps = diagnostics.Where(d => d.Id == "PGX0024").Select(d => d.GetMessage()).ToList();
        var records = run.Output.SyntaxTrees
            .Where(t => !t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax>())
            .Where(r => r.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() == "PgTable"))
            .Select(r => r.Identifier.Text)
            .ToList();
        Assert.NotEmpty(records);

        foreach (var record in records)
        {
            var hint = run.Sources.Keys.SingleOrDefault(k => k.EndsWith("." + record + ".Pgx.g.cs", StringComparison.Ordinal) || k == record + ".Pgx.g.cs");
            var none = gaps.Any(m => m.StartsWith("Pgx generates no " + record + "Repository:", StringComparison.Ordinal));
            Assert.True(none == (hint is null), record + (none ? " was promised no repository but got one" : " got no repository and no PGX0024 says why"));
            if (hint is null)
            {
                continue;
            }

            var readRow = run.Sources[hint].Substring(run.Sources[hint].IndexOf(" ReadRow(global::Npgsql.NpgsqlDataReader reader)", StringComparison.Ordinal));
            var constructed = run.Output.GetSymbolsWithName(record, SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
            foreach (var property in constructed.GetMembers().OfType<IPropertySymbol>().Where(p => p.DeclaredAccessibility == Accessibility.Public && !p.IsStatic && p.Name != "EqualityContract"))
            {
                var skipped = gaps.Any(m => m.StartsWith(record + "Repository does not read '" + property.Name + "' back:", StringComparison.Ordinal));
                var initialized = Regex.IsMatch(readRow, @"\n\s*@?" + property.Name + " = ");
                var positional = constructed.InstanceConstructors.Any(c => c.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax) && c.Parameters.Any(p => p.Name == property.Name));
                if (skipped)
                {
                    Assert.False(initialized || positional, record + "." + property.Name + " was said not to be read back, but ReadRow sets it");
                }
                else if (!positional && !property.GetAttributes().Any(a => a.AttributeClass?.Name is "PgIgnoreAttribute" or "NotMappedAttribute"))
                {
                    Assert.True(initialized, record + "." + property.Name + " is not read back and no PGX0024 says so:\n" + readRow);
                }
            }
        }
    }
}
