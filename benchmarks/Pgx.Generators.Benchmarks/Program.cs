using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Pgx.Generators.Benchmarks.GenerationBenchmarks).Assembly).Run(args);
