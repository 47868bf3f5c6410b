using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Analyzers;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.Tests.Harness;

/// <summary>
/// One analyzer or code-fix test on Microsoft.CodeAnalysis.Testing, set up as a project that uses Pgx: every
/// analyzer and code fix Pgx ships (found in its assemblies, not named per test), this test project's own
/// references (the framework, Pgx, Npgsql, Dapper, EF Core) and nothing downloaded, and the diagnostics narrowed
/// to the rules under test. Markup: <c>[|…|]</c> (the one rule under test), <c>{|PGX0101:…|}</c>, <c>{|#0:…|}</c>.
/// </summary>
internal sealed class PgxRuleTest : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
{
    private static readonly Regex MarkedRule = new(@"\{\|(PGX\d{4}):", RegexOptions.CultureInvariant);

    private readonly ImmutableHashSet<string> _rules;
    private ImmutableHashSet<string> _reported = ImmutableHashSet<string>.Empty;

    /// <summary>A test of <paramref name="rules"/>: their diagnostics (and any marked or expected one) are compared, others left out.</summary>
    public PgxRuleTest(IEnumerable<string> rules)
    {
        _rules = rules.ToImmutableHashSet(StringComparer.Ordinal);
        ReferenceAssemblies = NoDownload;
        TestState.AdditionalReferences.AddRange(TestCompilation.References);
        // SQL holds $$-quoted strings and raw interpolated strings: $$ is code here, not a caret position. Several
        // analyzers share a descriptor (PGX0012, PGX0013, PGX0023, PGX0999), which markup such as {|PGX0012:…|} finds
        // once per analyzer: one and the same descriptor, so the first will do.
        MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode | MarkupOptions.UseFirstDescriptor;
    }

    /// <summary>The analyzers to run instead of the ones Pgx ships (e.g. one built with a part that throws), or null.</summary>
    public ImmutableArray<DiagnosticAnalyzer>? AnalyzersUnderTest { get; init; }

    /// <summary>
    /// No reference assembly package and no packages: the framework has nothing to resolve, so it downloads
    /// nothing; the references are <see cref="TestCompilation.References"/>, added to each project explicitly.
    /// </summary>
    public static ReferenceAssemblies NoDownload { get; } = new("net10.0");

    /// <summary>Every analyzer in Pgx.Generators.dll, as a project referencing the package loads them.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers => AnalyzerRun.All;

    /// <summary>Every code fix in Pgx.Generators.CodeFixes.dll.</summary>
    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = typeof(CodeFixes.ReturningCodeFixProvider).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>Every rule Pgx reports, by id.</summary>
    public static ImmutableDictionary<string, DiagnosticDescriptor> Descriptors { get; } = Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>
    /// Runs the Pgx generator in the project the way a package reference does: as an analyzer reference that the
    /// workspace runs, so diagnostics and code fixes both see the generated repositories. (The framework's own
    /// <c>GetSourceGenerators()</c> adds the generated files to the compilation it analyzes, but hands the code fix
    /// the document of the project without them: the repository fix then sees no repository and is never offered.)
    /// Generated sources are not compared here: the golden files under Snapshots hold them.
    /// </summary>
    public bool RunsGenerator { get; set; }

    /// <inheritdoc/>
    protected override async Task RunImplAsync(CancellationToken cancellationToken)
    {
        // A rule a test marks or expects is under test too, so a filter can never hide what a test asks for.
        var states = new[] { TestState, FixedState, BatchFixedState };
        _reported = _rules
            .Union(states.SelectMany(s => s.Sources).SelectMany(s => MarkedRule.Matches(s.content.ToString()).Select(m => m.Groups[1].Value)))
            .Union(states.SelectMany(s => s.ExpectedDiagnostics).Select(d => d.Id))
            .Add(RuleIds.InternalError);
        if (FixedState.Sources.Count > 0)
        {
            // Without a fix-all provider the framework would skip its fix-all passes without a word.
            foreach (var fix in CodeFixes.Where(f => f.FixableDiagnosticIds.Any(_reported.Contains)))
            {
                var scopes = fix.GetFixAllProvider()?.GetSupportedFixAllScopes() ?? Enumerable.Empty<FixAllScope>();
                Assert.Superset(new HashSet<FixAllScope> { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution }, new HashSet<FixAllScope>(scopes));
            }
        }

        if (RunsGenerator)
        {
            SolutionTransforms.Add((solution, project) => solution.AddAnalyzerReference(project, new GeneratorReference()));
        }

        await base.RunImplAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AnalyzersUnderTest ?? Analyzers;

    /// <inheritdoc/>
    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => CodeFixes;

    /// <inheritdoc/>
    protected override CompilationOptions CreateCompilationOptions() => TestCompilation.SdkOptions;

    /// <inheritdoc/>
    protected override ParseOptions CreateParseOptions() => TestCompilation.ParseOptions();

    /// <summary>
    /// The framework's project settings, less the <see cref="ReportDiagnostic.Default"/> it gives every supported
    /// rule: the compiler reads that as <c>/warnaserror-:id</c> and then ignores an .editorconfig raising the rule
    /// to an error. A real project has no such entry (and every Pgx rule is enabled by default).
    /// </summary>
    protected override Project ApplyCompilationOptions(Project project)
    {
        project = base.ApplyCompilationOptions(project);
        var options = project.CompilationOptions!;
        return project.WithCompilationOptions(options.WithSpecificDiagnosticOptions(
            options.SpecificDiagnosticOptions.Where(o => o.Value != ReportDiagnostic.Default)));
    }

    /// <summary><c>[|…|]</c> marks the rule under test, when there is one.</summary>
    protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) =>
        _rules.Count == 1 ? Descriptors[_rules.Single()] : null;

    /// <summary>Pgx diagnostics of the rules under test (and PGX0999); compiler diagnostics as <see cref="AnalyzerTest{TVerifier}.CompilerDiagnostics"/> says.</summary>
    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics) =>
        base.FilterDiagnostics(diagnostics)
            .Where(d => !d.diagnostic.Id.StartsWith("PGX", StringComparison.Ordinal) || _reported.Contains(d.diagnostic.Id))
            .ToImmutableArray();

    /// <summary>Missing XML docs (CS1591) count only in generated files: generated public members are documented, test code need not be.</summary>
    protected override bool IsCompilerDiagnosticIncluded(Diagnostic diagnostic, CompilerDiagnostics compilerDiagnostics) =>
        base.IsCompilerDiagnosticIncluded(diagnostic, compilerDiagnostics)
        && (diagnostic.Id != "CS1591" || diagnostic.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
}
