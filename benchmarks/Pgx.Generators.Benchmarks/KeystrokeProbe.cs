using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// A quick look at <see cref="KeystrokeBenchmarks"/> without BenchmarkDotNet's separate processes: the floor and
/// Pgx keystrokes alternate in one warm process, so load on the machine hits both alike; prints the medians and
/// their ratio. Besides wall time it prints what load moves little: the process's CPU time and the bytes the
/// keystroke allocated (the driver runs on the calling thread), each a median per keystroke.
/// For iterating on the pipeline; the committed numbers come from the BenchmarkDotNet run.
/// Run: dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- keystroke [RECORDS] [ROUNDS]
/// </summary>
internal static class KeystrokeProbe
{
    public static void Run(int records, int rounds)
    {
        var sessions = new[]
        {
            ("floor", new KeystrokeSession(records, new FloorGenerator())),
            ("floor with properties", new KeystrokeSession(records, new PropertyFloorGenerator())),
            ("Pgx", new KeystrokeSession(records, new PgxGenerator())),
        };
        var samples = sessions.Select(_ => new Sample[rounds]).ToArray();
        for (var i = -3; i < rounds; i++)
        {
            for (var s = 0; s < sessions.Length; s++)
            {
                var sample = Measure(sessions[s].Item2.Keystroke);
                if (i >= 0)
                {
                    samples[s][i] = sample;
                }
            }
        }

        var wall = samples.Select(m => Median(m.Select(x => x.WallMs))).ToArray();
        var cpu = samples.Select(m => Median(m.Select(x => x.CpuMs))).ToArray();
        var allocated = samples.Select(m => Median(m.Select(x => x.AllocatedMb))).ToArray();
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "{0} records, {1} rounds: floor median {2:0.0} ms, floor with properties {3:0.0} ms ({4:0.00}), Pgx {5:0.0} ms ({6:0.00})",
            records,
            rounds,
            wall[0],
            wall[1],
            wall[1] / wall[0],
            wall[2],
            wall[2] / wall[0]));
        for (var s = 0; s < sessions.Length; s++)
        {
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "  {0,-22} CPU {1,7:0.0} ms ({2:0.00} of the floor)   allocated {3,6:0.00} MB ({4:0.00} of the floor)",
                sessions[s].Item1,
                cpu[s],
                cpu[s] / cpu[0],
                allocated[s],
                allocated[s] / allocated[0]));
        }
    }

    private static Sample Measure(Func<object> keystroke)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        keystroke();
        var wall = clock.Elapsed.TotalMilliseconds;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        process.Refresh();
        return new Sample(wall, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds, bytes / 1e6);
    }

    private static double Median(System.Collections.Generic.IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }

    private readonly record struct Sample(double WallMs, double CpuMs, double AllocatedMb);
}
