using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// What a keystroke costs the analyzers, measured the way <see cref="KeystrokeBenchmarks"/> measures the generator:
/// each iteration analyzes a new compilation (one unrelated file changed; the table records and the repositories
/// generated for them, as the IDE's compilation holds them). The baseline is <see cref="AttributeFloorAnalyzer"/>,
/// which asks Roslyn for the same operations and symbols as Pgx's and reads every named type's attributes, so binding
/// the compilation and the records' attributes costs both the same; beside it, an analyzer that asks for the
/// operations and symbols and reads nothing.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerKeystrokeBenchmarks
{
    internal static readonly ImmutableArray<DiagnosticAnalyzer> PgxAnalyzers = typeof(PgxGenerator).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    private static readonly ImmutableArray<DiagnosticAnalyzer> NoOp = ImmutableArray.Create<DiagnosticAnalyzer>(new AnalyzerProbe.ReadsOperations());

    private static readonly ImmutableArray<DiagnosticAnalyzer> Floor = ImmutableArray.Create<DiagnosticAnalyzer>(new AttributeFloorAnalyzer());

    private KeystrokeSession _session = null!;

    /// <summary>The number of table records, one per file.</summary>
    [Params(1000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _session = new KeystrokeSession(Records, new PgxGenerator(), withGeneratedCode: true);
        if (Analyze(PgxAnalyzers).GetAwaiter().GetResult().Any(d => d.Id.StartsWith("PGX", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("The model has mistakes; the analyzers would measure their reporting.");
        }
    }

    /// <summary>A new compilation through an analyzer that asks for the same operations and symbols and reads nothing.</summary>
    [Benchmark]
    public Task<ImmutableArray<Diagnostic>> NoOpAnalyzer() => Analyze(NoOp);

    /// <summary>A new compilation through <see cref="AttributeFloorAnalyzer"/>: the same, and every type's attributes read by name.</summary>
    [Benchmark(Baseline = true)]
    public Task<ImmutableArray<Diagnostic>> AttributeFloor() => Analyze(Floor);

    /// <summary>A new compilation through every Pgx analyzer.</summary>
    [Benchmark]
    public Task<ImmutableArray<Diagnostic>> PgxAnalyzersRun() => Analyze(PgxAnalyzers);

    private Task<ImmutableArray<Diagnostic>> Analyze(ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        _session.NextCompilation().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false)).GetAnalyzerDiagnosticsAsync();
}
