using System;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// The time Pgx's analyzers spend on a project, in one warm process: the analyzers of a given Pgx.Generators.dll
/// (any build of it, e.g. one from an older commit, loaded on its own) run over the project's sources again and
/// again, each time on a fresh copy of the compilation, one thread, Roslyn's own timing per analyzer. The minimum
/// over the runs is what a run costs when nothing else interferes; a build's report (ReportAnalyzer) also counts
/// loading and JIT-compiling the analyzers and whatever else the machine is doing.
/// Run: dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- analyzers DLL SOURCES REFERENCES [RUNS]
/// (REFERENCES: a file with one reference path per line, as the project's compiler command line has them).
/// </summary>
internal static class AnalyzerProbe
{
    public static void Run(string analyzerAssembly, string sources, string referencesFile, int runs)
    {
        var assembly = new AssemblyLoadContext("probed-analyzers").LoadFromAssemblyPath(Path.GetFullPath(analyzerAssembly));
        var analyzers = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), parseOptions, p))
            .ToList();
        var references = File.ReadAllLines(referencesFile).Where(l => l.Length > 0).Select(l => MetadataReference.CreateFromFile(l));
        var compilation = CSharpCompilation.Create(
            "Probe",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        Console.WriteLine($"{Path.GetFullPath(analyzerAssembly)}: {analyzers.Length} analyzers, {trees.Count} files, {runs} runs after {WarmUps} warm-ups");
        var baseline = ImmutableArray.Create<DiagnosticAnalyzer>(new ReadsOperations());
        var wall = new double[runs];
        var sqlWall = new double[runs];
        var cpu = new double[runs];
        var reported = 0;
        for (var i = -WarmUps; i < runs; i++)
        {
            // The same compilation with an analyzer that reads the same operations and does nothing: binding and
            // building the operation trees cost what they cost, and are taken out of the CPU time.
            var baselineCpu = Analyze(compilation, baseline, out _);
            var pgxCpu = Analyze(compilation, analyzers, out var run);
            if (i < 0)
            {
                continue;
            }

            cpu[i] = pgxCpu - baselineCpu;
            reported = run.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Count(d => d.Id.StartsWith("PGX", StringComparison.Ordinal));
            foreach (var analyzer in analyzers)
            {
                var seconds = run.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalSeconds;
                wall[i] += seconds;
                if (IsSqlRules(analyzer))
                {
                    sqlWall[i] += seconds;
                }
            }
        }

        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "Pgx analyzers, Roslyn's timing: median {0:0.000} s (min {1:0.000}), SQL rules median {2:0.000} s (min {3:0.000}); CPU time over the baseline: median {4:0.000} s (min {5:0.000}); {6} PGX diagnostics",
            Median(wall),
            wall.Min(),
            Median(sqlWall),
            sqlWall.Min(),
            Median(cpu),
            cpu.Min(),
            reported));
    }

    private const int WarmUps = 3;

    /// <summary>Runs <paramref name="analyzers"/> over a fresh copy of <paramref name="compilation"/>; returns the process's CPU seconds.</summary>
    private static double Analyze(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, out CompilationWithAnalyzers run)
    {
        // A fresh compilation: Pgx caches what it learns per compilation, and a build analyzes one.
        run = compilation.Clone().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false));
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        run.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds;
    }

    /// <summary>SqlAnalyzer, or one of the four analyzers it replaced.</summary>
    private static bool IsSqlRules(DiagnosticAnalyzer analyzer) => analyzer.GetType().Name is
        "SqlAnalyzer" or "TriggerRoutedInsertAnalyzer" or "CurrvalLookupAnalyzer" or "ForeignTableWriteAnalyzer" or "CrossServerJoinAnalyzer";

    /// <summary>Asks for the operations the SQL rules read, and the named types the model rules read, and does nothing.</summary>
#pragma warning disable RS1001 // Handed to WithAnalyzers directly: never loaded by a compiler, so it needs no [DiagnosticAnalyzer].
    internal sealed class ReadsOperations : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            new DiagnosticDescriptor("PROBE", "Probe", "Probe", "Probe", DiagnosticSeverity.Hidden, isEnabledByDefault: true));

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment);
            context.RegisterSymbolAction(_ => { }, SymbolKind.NamedType, SymbolKind.Property);
        }
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
