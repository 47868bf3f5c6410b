using System;
using System.Diagnostics;
using System.Globalization;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// Checks that generation cost grows linearly: per-record time of both GenerationBenchmarks methods at several
/// sizes, measured in one warm process after warm-up. BenchmarkDotNet's table answers "how long"; this answers
/// "does the cost per record stay flat". Run: dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- scale
/// </summary>
internal static class ScaleProbe
{
    public static void Run()
    {
        Console.WriteLine("records | re-run after unrelated edit | per record | full run | per record");
        foreach (var records in new[] { 250, 500, 1000, 2000 })
        {
            var benchmark = new GenerationBenchmarks { Records = records };
            benchmark.Setup();
            for (var i = 0; i < 5; i++)
            {
                benchmark.RunAfterUnrelatedEdit();
                benchmark.FullRun();
            }

            var edit = Time(benchmark.RunAfterUnrelatedEdit, 20);
            var full = Time(benchmark.FullRun, 5);
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0,7} | {1,8:0.0} ms | {2,6:0.0} µs | {3,8:0.0} ms | {4,6:0.0} µs",
                records,
                edit,
                edit / records * 1000,
                full,
                full / records * 1000));
        }
    }

    private static double Time(Func<object> run, int repetitions)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < repetitions; i++)
        {
            run();
        }

        return clock.Elapsed.TotalMilliseconds / repetitions;
    }
}
