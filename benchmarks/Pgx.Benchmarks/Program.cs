using System.Linq;
using BenchmarkDotNet.Running;
using Pgx.Benchmarks;

// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- --filter '*'
// Prepares the database once (outside every timed region), runs the benchmarks in child processes that
// share it, then prints the ratios issue 3 targets, computed from this run's medians.
await using var server = await BenchmarkDatabase.PrepareAsync();
var summaries = BenchmarkSwitcher.FromTypes(new[] { typeof(InsertBenchmarks), typeof(FindBenchmarks), typeof(BulkBenchmarks) }).Run(args).ToList();
System.Console.WriteLine();
System.Console.WriteLine(Ratios.Render(summaries));
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
