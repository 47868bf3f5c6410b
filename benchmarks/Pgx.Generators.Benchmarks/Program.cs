using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- --filter '*'   (BenchmarkDotNet)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- keystroke [RECORDS] [ROUNDS]  (quick floor/Pgx ratio)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- analyzer-keystroke [RECORDS] [ROUNDS]  (quick no-op/Pgx analyzers ratio)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- scale         (per-record cost at 250…2000 records)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- analyzers DLL SOURCES REFERENCES [RUNS]   (analyzer time)
if (args is ["keystroke", ..])
{
    Pgx.Generators.Benchmarks.KeystrokeProbe.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 15);
}
else if (args is ["analyzer-keystroke", ..])
{
    Pgx.Generators.Benchmarks.AnalyzerKeystrokeProbe.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 7);
}
else if (args is ["scale"])
{
    Pgx.Generators.Benchmarks.ScaleProbe.Run();
}
else if (args is ["analyzers", var analyzers, var sources, var references, ..])
{
    Pgx.Generators.Benchmarks.AnalyzerProbe.Run(analyzers, sources, references, args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 20);
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(Pgx.Generators.Benchmarks.GenerationBenchmarks).Assembly).Run(args);
}
