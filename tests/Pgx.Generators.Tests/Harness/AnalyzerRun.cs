using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Analyzers;

namespace Pgx.Generators.Tests.Harness;

/// <summary>
/// Runs Pgx's analyzers over real C# and returns every diagnostic, for checks that are no comparison with expected
/// diagnostics: truncation sweeps, crash checks, telemetry. Rule tests compare on <see cref="RuleTests"/>.
/// </summary>
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
}
