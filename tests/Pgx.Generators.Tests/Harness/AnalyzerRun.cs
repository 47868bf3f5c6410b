using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Analyzers;

namespace Pgx.Generators.Tests.Harness;

/// <summary>Runs Pgx's analyzers over real C# and checks the diagnostics against <see cref="Markup"/>.</summary>
internal static class AnalyzerRun
{
    /// <summary>Every Pgx analyzer.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> All { get; } = typeof(ModelAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, System.StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)System.Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>All diagnostics of <paramref name="sources"/> from Pgx analyzers, plus analyzer crashes (AD0001).</summary>
    public static Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(params string[] sources) =>
        DiagnosticsAsync(TestCompilation.Create(sources));

    /// <summary>
    /// All diagnostics of <paramref name="compilation"/> from Pgx analyzers (or just <paramref name="analyzers"/>),
    /// plus analyzer crashes (AD0001).
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Compilation compilation, AnalyzerOptions? options = null, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        var diagnostics = await With(compilation, options, analyzers).GetAllDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("PGX", System.StringComparison.Ordinal) || d.Id == "AD0001")
            .OrderBy(d => d.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary><paramref name="compilation"/> with every Pgx analyzer (or <paramref name="analyzers"/>) attached, timing on (so telemetry is available).</summary>
    public static CompilationWithAnalyzers With(Compilation compilation, AnalyzerOptions? options = null, ImmutableArray<DiagnosticAnalyzer>? analyzers = null) =>
        compilation.WithAnalyzers(analyzers ?? All, new CompilationWithAnalyzersOptions(
            options ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false));

    /// <summary>Asserts that exactly the marked diagnostics are reported, at the marked spans.</summary>
    public static Task VerifyAsync(string markup) => VerifyAsync(markup, System.Array.Empty<MetadataReference>());

    /// <summary>
    /// Asserts that exactly the marked diagnostics are reported, at the marked spans, with
    /// <paramref name="extraReferences"/> (e.g. a models assembly) referenced as well.
    /// </summary>
    public static Task VerifyAsync(string markup, params MetadataReference[] extraReferences) => VerifyAsync(All, markup, extraReferences);

    /// <summary>Asserts that <paramref name="analyzers"/> report exactly the marked diagnostics, at the marked spans.</summary>
    public static async Task VerifyAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, string markup, params MetadataReference[] extraReferences)
    {
        var (source, expected) = Markup.Parse(markup);
        var compilation = TestCompilation.Create(new[] { source }, references: TestCompilation.References.AddRange(extraReferences));

        // A test source that does not compile proves nothing about the rules: silence could be a binding error.
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test source does not compile:\n  " + string.Join("\n  ", errors));

        var actual = await DiagnosticsAsync(compilation, analyzers: analyzers);
        var expectedText = expected.OrderBy(e => e.Span.Start).ThenBy(e => e.Id, System.StringComparer.Ordinal).Select(e => $"{e.Id} at '{e.Text}'").ToList();
        actual = actual.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, System.StringComparer.Ordinal).ToImmutableArray();
        var actualText = actual.Select(d => $"{d.Id} at '{source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}'").ToList();
        Assert.True(
            expectedText.SequenceEqual(actualText),
            "Expected:\n  " + string.Join("\n  ", expectedText) + "\nActual:\n  " + string.Join("\n  ", actual.Select(d => d.ToString())));
    }
}
