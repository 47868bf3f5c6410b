using BenchmarkDotNet.Running;
using Pgx.Generators.Benchmarks;

// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- --filter '*'   (BenchmarkDotNet: generation time, keystrokes)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- keystroke [RECORDS] [ROUNDS] [OTHER-Pgx.Generators.dll]
//   (quick floor/Pgx ratio; with a path, another build of the generator alternates with this one in the same process)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- keystroke-profile [RECORDS] [ROUNDS]  (a keystroke's time by phase)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- parse-loop [RECORDS] [SECONDS]  (the parser alone, on bound records)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- analyzer-keystroke [RECORDS] [ROUNDS]  (quick no-op/Pgx analyzers ratio)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- scale         (per-record cost at 250…2000 records)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- analyzers DLL SOURCES REFERENCES [RUNS]   (analyzer time)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- plan [BenchmarkDotNet arguments]
//   (PlanAsync against a live catalog: starts a throwaway PostgreSQL, prepares one database per case, then runs BenchmarkDotNet)
// dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- plan-profile
//   (where a plan of the up-to-date 1,000-table database spends its time, by the server's statement times)
if (args is ["keystroke", ..])
{
    KeystrokeProbe.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 15,
        args.Length > 3 ? args[3] : null);
}
else if (args is ["keystroke-profile", ..])
{
    KeystrokeProfile.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
}
else if (args is ["parse-loop", ..])
{
    ParseLoop.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20);
}
else if (args is ["analyzer-keystroke", ..])
{
    Pgx.Generators.Benchmarks.AnalyzerKeystrokeProbe.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 7);
}
else if (args is ["scale"])
{
    ScaleProbe.Run();
}
else if (args is ["analyzers", var analyzers, var sources, var references, ..])
{
    AnalyzerProbe.Run(analyzers, sources, references, args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 20);
}
else if (args is ["plan", .. var rest])
{
    await using var server = await SchemaPlanBenchmarks.PrepareAsync();
    BenchmarkRunner.Run<SchemaPlanBenchmarks>(args: rest);
}
else if (args is ["plan-profile"])
{
    await PlanProfile.RunAsync();
}
else
{
    BenchmarkSwitcher.FromTypes(new[] { typeof(GenerationBenchmarks), typeof(KeystrokeBenchmarks), typeof(AnalyzerKeystrokeBenchmarks) }).Run(args);
}
