using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// A quick look at <see cref="KeystrokeBenchmarks"/> without BenchmarkDotNet's separate processes: the floor and
/// Pgx keystrokes alternate in one warm process, so load on the machine hits both alike; prints the medians and
/// their ratio. For iterating on the pipeline; the committed numbers come from the BenchmarkDotNet run.
/// Run: dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- keystroke [RECORDS] [ROUNDS]
/// </summary>
internal static class KeystrokeProbe
{
    public static void Run(int records, int rounds)
    {
        var floor = new KeystrokeSession(records, new FloorGenerator());
        var propertyFloor = new KeystrokeSession(records, new PropertyFloorGenerator());
        var pgx = new KeystrokeSession(records, new PgxGenerator());
        var floorTimes = new double[rounds];
        var propertyTimes = new double[rounds];
        var pgxTimes = new double[rounds];
        for (var i = -3; i < rounds; i++)
        {
            var f = Time(() => floor.Keystroke());
            var q = Time(() => propertyFloor.Keystroke());
            var p = Time(() => pgx.Keystroke());
            if (i >= 0)
            {
                floorTimes[i] = f;
                propertyTimes[i] = q;
                pgxTimes[i] = p;
            }
        }

        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "{0} records, {1} rounds: floor median {2:0.0} ms, floor with properties {3:0.0} ms ({4:0.00}), Pgx {5:0.0} ms ({6:0.00})",
            records,
            rounds,
            Median(floorTimes),
            Median(propertyTimes),
            Median(propertyTimes) / Median(floorTimes),
            Median(pgxTimes),
            Median(pgxTimes) / Median(floorTimes)));
    }

    private static double Time(Action keystroke)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        keystroke();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}
