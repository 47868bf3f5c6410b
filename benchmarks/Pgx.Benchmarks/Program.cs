using System.Linq;
using BenchmarkDotNet.Running;
using Pgx.Benchmarks;

// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- --filter '*'
// Prepares the database once (outside every timed region), runs the benchmarks in child processes that
// share it, then prints the target ratios (Ratios.cs), computed from this run's medians.
// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- copy-probe
// The same database, then CopyProbe: per-child COPY against batched unnest inserts, by batch size.
// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- insert-many-probe
// The same database, then InsertManyProbe: where InsertManyAsync's time goes, 50,000 rows over two children.
// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- apply-stall
// A database of its own: ApplyStallProbe, an index added by ApplyAsync next to a writer (insert latency with and without).
// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- convert [rows…]
// Databases of its own: ConversionProbe, a trigger-routed table converted to declarative in place (default 1M and 10M rows).
if (args is ["convert", ..])
{
    await ConversionProbe.RunAsync(args.Length > 1 ? args[1..].Select(long.Parse).ToArray() : new[] { 1_000_000L, 10_000_000L });
    return 0;
}

// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- rolling
// A cluster of its own: RollingProbe, maintenance of ~1,100 rolling partitions and inserts into them.
if (args is ["rolling"])
{
    await RollingProbe.RunAsync();
    return 0;
}

if (args is ["apply-stall"])
{
    await ApplyStallProbe.RunAsync();
    return 0;
}

await using var server = await BenchmarkDatabase.PrepareAsync();
if (args is ["copy-probe"])
{
    await CopyProbe.RunAsync();
    return 0;
}

if (args is ["insert-many-probe"])
{
    await InsertManyProbe.RunAsync();
    return 0;
}

var summaries = BenchmarkSwitcher.FromTypes(new[] { typeof(InsertBenchmarks), typeof(FindBenchmarks), typeof(BulkBenchmarks), typeof(ChangeBenchmarks), typeof(ImportBenchmarks) }).Run(args).ToList();
System.Console.WriteLine();
System.Console.WriteLine(Ratios.Render(summaries));
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
