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
// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- upsert-many-probe [rows] [rounds]
// The same database, then UpsertManyProbe: EXPLAIN ANALYZE of the generated and hand-written per-child upserts, then both alternating.
// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- import-probe [rounds]
// The same database, then ImportProbe: ImportAsync against hand-written COPY, alternating which runs first (default 40 rounds).
// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- apply-stall
// A database of its own: ApplyStallProbe, an index added by ApplyAsync next to a writer (insert latency with and without).
// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- convert [rows…]
// Databases of its own: ConversionProbe, a trigger-routed table converted to declarative in place (default 1M and 10M rows).
// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- fdw --filter '*ForeignJoin*'
// Two clusters of its own (ForeignDatabase): the reporting article's join, an aggregate and a bulk insert through
// postgres_fdw with PostgreSQL's default server options, with Pgx's, and on local copies (ForeignJoinBenchmarks).
// dotnet run -c Release --project benchmarks/Pgx.Benchmarks -- fdw-probe
// The same two clusters, then ForeignOptionsProbe: one server option at a time, to choose Pgx's defaults.
if (args is ["fdw", ..] or ["fdw-probe"])
{
    var (app, reporting) = await ForeignDatabase.PrepareAsync();
    await using (app)
    await using (reporting)
    {
        if (args is ["fdw-probe"])
        {
            await ForeignOptionsProbe.RunAsync();
            return 0;
        }

        var foreignSummary = BenchmarkRunner.Run<ForeignJoinBenchmarks>(args: args[1..]);
        return foreignSummary.HasCriticalValidationErrors || foreignSummary.Reports.Any(r => !r.Success) ? 1 : 0;
    }
}

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

if (args is ["upsert-many-probe", ..])
{
    await UpsertManyProbe.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8);
    return 0;
}

if (args is ["import-probe", ..])
{
    await ImportProbe.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40);
    return 0;
}

var summaries = BenchmarkSwitcher.FromTypes(new[] { typeof(InsertBenchmarks), typeof(FindBenchmarks), typeof(BulkBenchmarks), typeof(ChangeBenchmarks), typeof(ImportBenchmarks), typeof(UpsertManyBenchmarks) }).Run(args).ToList();
System.Console.WriteLine();
System.Console.WriteLine(Ratios.Render(summaries));
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
