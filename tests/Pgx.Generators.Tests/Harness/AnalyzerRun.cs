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
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(params string[] sources)
    {
        var compilation = TestCompilation.Create(sources);
        var withAnalyzers = compilation.WithAnalyzers(All, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("PGX", System.StringComparison.Ordinal) || d.Id == "AD0001")
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>Asserts that exactly the marked diagnostics are reported, at the marked spans.</summary>
    public static async Task VerifyAsync(string markup)
    {
        var (source, expected) = Markup.Parse(markup);
        var actual = await DiagnosticsAsync(source);
        var expectedText = expected.OrderBy(e => e.Span.Start).Select(e => $"{e.Id} at '{e.Text}'").ToList();
        var actualText = actual.Select(d => $"{d.Id} at '{source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}'").ToList();
        Assert.True(
            expectedText.SequenceEqual(actualText),
            "Expected:\n  " + string.Join("\n  ", expectedText) + "\nActual:\n  " + string.Join("\n  ", actual.Select(d => d.ToString())));
    }
}
