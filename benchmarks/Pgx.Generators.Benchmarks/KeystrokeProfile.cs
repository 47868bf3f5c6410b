using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pgx.Generators.Model;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// Where a keystroke's time goes, phase by phase, on a new compilation each round (as <see cref="KeystrokeBenchmarks"/>):
/// finding each record's symbol and binding its attributes (what the floor generator pays), binding its members and
/// their attributes (what <see cref="PropertyFloorGenerator"/> adds), Pgx's parse of what is then bound
/// (<c>ModelParser.SpecOf</c>), the same parse again on the now warm symbols (Pgx's own work, without any binding),
/// and comparing the specs with the previous keystroke's (what the driver's caching does). Stopwatch and allocated
/// bytes per phase, medians over the rounds.
/// Run: dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- keystroke-profile [RECORDS] [ROUNDS]
/// </summary>
internal static class KeystrokeProfile
{
    private static readonly string[] Phases =
    {
        "symbols + type attributes (floor)", "members + their attributes", "constructor parameters' attributes", "Pgx parse (SpecOf), cold", "Pgx parse again, warm", "spec equality with the previous keystroke",
    };

    public static void Run(int records, int rounds)
    {
        var session = new KeystrokeSession(records, new FloorGenerator());
        var times = Phases.ToDictionary(p => p, _ => new List<double>());
        var bytes = Phases.ToDictionary(p => p, _ => new List<double>());
        List<TableSpec?>? previous = null;
        for (var round = -2; round < rounds; round++)
        {
            var compilation = session.NextCompilation();
            GC.Collect();
            var types = new List<INamedTypeSymbol>();
            Measure("symbols + type attributes (floor)", round, times, bytes, () =>
            {
                foreach (var tree in compilation.SyntaxTrees)
                {
                    var model = compilation.GetSemanticModel(tree);
                    foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
                    {
                        if (declaration.AttributeLists.Count > 0 && model.GetDeclaredSymbol(declaration) is INamedTypeSymbol type)
                        {
                            _ = type.GetAttributes();
                            types.Add(type);
                        }
                    }
                }
            });
            Measure("members + their attributes", round, times, bytes, () =>
            {
                foreach (var type in types)
                {
                    foreach (var member in type.GetMembers())
                    {
                        if (member is IPropertySymbol property)
                        {
                            _ = property.Type;
                            _ = property.GetAttributes();
                        }
                    }
                }
            });
            Measure("constructor parameters' attributes", round, times, bytes, () =>
            {
                foreach (var type in types)
                {
                    foreach (var constructor in type.InstanceConstructors)
                    {
                        foreach (var parameter in constructor.Parameters)
                        {
                            _ = parameter.GetAttributes();
                        }
                    }
                }
            });
            var specs = new List<TableSpec?>();
            Measure("Pgx parse (SpecOf), cold", round, times, bytes, () => specs.AddRange(types.Select(t => ModelParser.SpecOf(t, default))));
            Measure("Pgx parse again, warm", round, times, bytes, () => types.ForEach(t => ModelParser.SpecOf(t, default)));
            var same = 0;
            Measure("spec equality with the previous keystroke", round, times, bytes, () =>
            {
                for (var i = 0; previous is not null && i < specs.Count; i++)
                {
                    same += Equals(specs[i], previous[i]) ? 1 : 0;
                }
            });
            if (previous is not null && same != specs.Count)
            {
                throw new InvalidOperationException("A spec changed on an unrelated edit: the generator's caching would break.");
            }

            if (specs.Any(s => s is null))
            {
                throw new InvalidOperationException("A record did not parse; the profile would measure nothing.");
            }

            previous = specs;
        }

        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} records, {1} rounds, medians per keystroke:", records, rounds));
        foreach (var phase in Phases)
        {
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-44} {1,8:0.0} ms {2,8:0.0} MB", phase, Median(times[phase]), Median(bytes[phase]) / 1e6));
        }
    }

    private static void Measure(string phase, int round, Dictionary<string, List<double>> times, Dictionary<string, List<double>> bytes, Action work)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        work();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (round >= 0)
        {
            times[phase].Add(elapsed);
            bytes[phase].Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}

/// <summary>
/// Pgx's own reading of bound records, and nothing else: one compilation, its records bound once, then
/// <c>ModelParser.SpecOf</c> over all of them again and again (for a profiler to attribute the parser's own code).
/// Run: dotnet run -c Release --project benchmarks/Pgx.Generators.Benchmarks -- parse-loop [RECORDS] [SECONDS]
/// </summary>
internal static class ParseLoop
{
    public static void Run(int records, int seconds)
    {
        var compilation = new KeystrokeSession(records, new FloorGenerator()).NextCompilation();
        var types = new List<INamedTypeSymbol>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                if (declaration.AttributeLists.Count > 0 && model.GetDeclaredSymbol(declaration) is INamedTypeSymbol type)
                {
                    types.Add(type);
                }
            }
        }

        var clock = Stopwatch.StartNew();
        var parses = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            foreach (var type in types)
            {
                _ = ModelParser.SpecOf(type, default) ?? throw new InvalidOperationException(type.Name + " did not parse.");
            }

            parses += types.Count;
        }

        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} parses, {1:0.00} µs each", parses, clock.Elapsed.TotalMilliseconds * 1000 / parses));
    }
}
