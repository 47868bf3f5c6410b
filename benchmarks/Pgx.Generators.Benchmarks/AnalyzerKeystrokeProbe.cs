using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// A quick look at <see cref="AnalyzerKeystrokeBenchmarks"/> in one warm process: a new compilation per round, analyzed
/// by the analyzer that only asks for the same operations and symbols, by <see cref="AttributeFloorAnalyzer"/> (the
/// same, and every type's attributes read) and by Pgx's analyzers, alternating, so load on the machine hits all alike.
/// Prints the medians, Pgx's ratio to each, and Roslyn's own time per Pgx analyzer (one thread, so the times add up),
/// which says where Pgx's share goes.
/// Run: dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- analyzer-keystroke [RECORDS] [ROUNDS]
/// </summary>
internal static class AnalyzerKeystrokeProbe
{
    public static void Run(int records, int rounds)
    {
        var session = new KeystrokeSession(records, new PgxGenerator(), withGeneratedCode: true);
        var baseline = ImmutableArray.Create<DiagnosticAnalyzer>(new AnalyzerProbe.ReadsOperations());
        var floor = ImmutableArray.Create<DiagnosticAnalyzer>(new AttributeFloorAnalyzer());
        var floorTimes = new double[rounds];
        var pgx = AnalyzerKeystrokeBenchmarks.PgxAnalyzers;
        var baselineTimes = new double[rounds];
        var pgxTimes = new double[rounds];
        var perAnalyzer = pgx.ToDictionary(a => a.GetType().Name, _ => new double[rounds]);
        for (var i = -2; i < rounds; i++)
        {
            var b = Time(session.NextCompilation(), baseline, out _);
            var f = Time(session.NextCompilation(), floor, out _);
            var p = Time(session.NextCompilation(), pgx, out var run);
            if (i < 0)
            {
                continue;
            }

            baselineTimes[i] = b;
            floorTimes[i] = f;
            pgxTimes[i] = p;
            foreach (var analyzer in pgx)
            {
                perAnalyzer[analyzer.GetType().Name][i] = run.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
            }
        }

        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "{0} records, {1} rounds: no-op analyzer median {2:0} ms, attribute floor {3:0} ms, Pgx analyzers {4:0} ms ({5:0.00} of the no-op, {6:0.00} of the floor)",
            records,
            rounds,
            Median(baselineTimes),
            Median(floorTimes),
            Median(pgxTimes),
            Median(pgxTimes) / Median(baselineTimes),
            Median(pgxTimes) / Median(floorTimes)));
        foreach (var (name, times) in perAnalyzer.OrderByDescending(p => Median(p.Value)))
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-28} {1,8:0.0} ms (Roslyn's timing, median)", name, Median(times)));
        }
    }

    private static double Time(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, out CompilationWithAnalyzers run)
    {
        run = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false));
        GC.Collect();
        var clock = Stopwatch.StartNew();
        var diagnostics = run.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (diagnostics.Any(d => d.Id.StartsWith("PGX", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException("The model has mistakes; the probe would measure their reporting.");
        }

        return elapsed;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}
