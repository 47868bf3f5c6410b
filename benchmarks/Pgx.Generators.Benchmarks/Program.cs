using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- --filter '*'   (BenchmarkDotNet)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- scale         (per-record cost at 250…2000 records)
if (args is ["scale"])
{
    Pgx.Generators.Benchmarks.ScaleProbe.Run();
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(Pgx.Generators.Benchmarks.GenerationBenchmarks).Assembly).Run(args);
}
