using System;
using System.Diagnostics;
using System.Globalization;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// <see cref="KeystrokeBenchmarks"/> without BenchmarkDotNet's separate processes: the floor, property floor and
/// Pgx keystrokes alternate in one warm process (their order rotating from round to round), so load on the machine
/// and whatever one keystroke leaves running hit each alike; prints the medians and their ratios. Besides wall time
/// it prints the process's CPU time, the bytes the keystroke allocated (the driver runs on the calling thread) and
/// the GC pause time, each a median per keystroke. Given another build of Pgx.Generators.dll, it runs that one too,
/// for a before/after under the same load. Run it several times and take the median of the runs: this VM's
/// process-to-process spread is larger than one run's. BenchmarkDotNet's run (separate processes, one method after
/// another) is committed beside it.
/// Run: dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- keystroke [RECORDS] [ROUNDS] [OTHER-Pgx.Generators.dll]
/// </summary>
internal static class KeystrokeProbe
{
    public static void Run(int records, int rounds, string? otherGenerator = null)
    {
        var sessions = new List<(string Name, KeystrokeSession Session)>
        {
            ("floor", new KeystrokeSession(records, new FloorGenerator())),
            ("floor with properties", new KeystrokeSession(records, new PropertyFloorGenerator())),
            ("Pgx", new KeystrokeSession(records, new PgxGenerator())),
        };
        if (otherGenerator is not null)
        {
            // Another build of the generator (e.g. main before a change), loaded beside this one, so that the two
            // alternate keystroke by keystroke under the same load: the fairest before/after this machine can give.
            sessions.Add(("Pgx, other build", new KeystrokeSession(records, LoadGenerator(otherGenerator))));
        }

        var samples = sessions.Select(_ => new Sample[rounds]).ToArray();
        for (var i = -3; i < rounds; i++)
        {
            // The order rotates from round to round, so that no generator always follows the same one (whatever
            // the previous keystroke leaves running, such as background compilation, falls on each alike).
            for (var k = 0; k < sessions.Count; k++)
            {
                var s = (k + i + sessions.Count * 4) % sessions.Count;
                var sample = Measure(sessions[s].Session.Keystroke);
                if (i >= 0)
                {
                    samples[s][i] = sample;
                }
            }
        }

        var wall = samples.Select(m => Median(m.Select(x => x.WallMs))).ToArray();
        var cpu = samples.Select(m => Median(m.Select(x => x.CpuMs))).ToArray();
        var allocated = samples.Select(m => Median(m.Select(x => x.AllocatedMb))).ToArray();
        var paused = samples.Select(m => Median(m.Select(x => x.GcPauseMs))).ToArray();
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
        for (var s = 0; s < sessions.Count; s++)
        {
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "  {0,-22} wall {1,7:0.0} ms ({2:0.00})   CPU {3,7:0.0} ms ({4:0.00} of the floor)   allocated {5,6:0.00} MB ({6:0.00} of the floor)   GC pauses {7,5:0.0} ms",
                sessions[s].Name,
                wall[s],
                wall[s] / wall[0],
                cpu[s],
                cpu[s] / cpu[0],
                allocated[s],
                allocated[s] / allocated[0],
                paused[s]));
        }
    }

    /// <summary>The <c>PgxGenerator</c> of another build of Pgx.Generators.dll, in a load context of its own (Roslyn shared).</summary>
    private static IIncrementalGenerator LoadGenerator(string path)
    {
        var context = new AssemblyLoadContext("other Pgx.Generators", isCollectible: false);
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
        var type = assembly.GetType("Pgx.Generators.PgxGenerator", throwOnError: true)!;
        return (IIncrementalGenerator)Activator.CreateInstance(type)!;
    }

    private static Sample Measure(Func<object> keystroke)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var pausedBefore = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        keystroke();
        var wall = clock.Elapsed.TotalMilliseconds;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
        var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds;
        process.Refresh();
        return new Sample(wall, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds, bytes / 1e6, paused);
    }

    private static double Median(System.Collections.Generic.IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }

    private readonly record struct Sample(double WallMs, double CpuMs, double AllocatedMb, double GcPauseMs);
}
