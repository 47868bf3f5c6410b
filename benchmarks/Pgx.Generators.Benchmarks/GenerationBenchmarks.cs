using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// How generation time grows with the number of table records: a full driver run over a fresh compilation
/// (what a build pays) and a re-run after an unrelated edit (what the IDE pays per keystroke).
/// </summary>
[MemoryDiagnoser]
public class GenerationBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;
    private SyntaxTree[] _trees = null!;

    /// <summary>The number of table records in the compilation.</summary>
    [Params(100, 1000, 2000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        _trees = Enumerable.Range(0, Records).Select(i => CSharpSyntaxTree.ParseText(Model(i), parse, path: $"Model{i}.cs")).ToArray();
        _compilation = Compile(_trees);
        _edited = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Elsewhere { public static class Unrelated { public static int M() => 42; } }", parse));
        _warmDriver = NewDriver().RunGenerators(_compilation);

        var generated = NewDriver().RunGenerators(_compilation).GetRunResult();
        var sql = generated.GeneratedTrees.Single(t => t.FilePath.EndsWith("PgxSchema.g.cs", StringComparison.Ordinal)).ToString();
        if (!sql.Contains($"model_{Records - 1}", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The generator did not produce every table; the benchmark would measure nothing.");
        }

        if (generated.GeneratedTrees.Length != Records + 1)
        {
            throw new InvalidOperationException("The generator did not produce a repository for every table.");
        }
    }

    /// <summary>A build: a new compilation (trees already parsed) through a new driver.</summary>
    [Benchmark]
    public GeneratorDriverRunResult FullRun() => NewDriver().RunGenerators(Compile(_trees)).GetRunResult();

    /// <summary>A keystroke elsewhere: the warm driver over a compilation with one unrelated change.</summary>
    [Benchmark]
    public GeneratorDriverRunResult RunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_edited).GetRunResult();

    private static GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(new PgxGenerator());

    internal static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees) => CSharpCompilation.Create(
        "Bench",
        trees,
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Directory.GetFiles(framework, "*.dll")
            .Where(p => !p.Contains("Native", StringComparison.Ordinal))
            .Select(p => { try { return (MetadataReference?)MetadataReference.CreateFromFile(p); } catch (BadImageFormatException) { return null; } })
            .Where(r => r is not null)
            .Append(MetadataReference.CreateFromFile(typeof(PgTableAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Npgsql.NpgsqlDataSource).Assembly.Location))
            .ToArray()!;
    });

    /// <summary>A mix of plain, trigger-routed list, declarative range and hash tables.</summary>
    internal static string Model(int i)
    {
        var text = new StringBuilder("using System; using Pgx;\nnamespace Models.N" + i + ";\n");
        switch (i % 4)
        {
            case 0:
                text.Append($"[PgTable(\"model_{i}\")] [PgIndex(nameof(Name))]\npublic sealed record M{i}([property: PgKey] long Id, string Name, decimal Amount, DateTimeOffset At);");
                break;
            case 1:
                text.Append($"[PgTable(\"model_{i}\")] [PartitionBy(nameof(P), PartitionKind.List, Routing = PartitionRouting.Trigger)]\n[ListPartition(\"model_{i}_a\", 1, 2)] [ListPartition(\"model_{i}_b\", 3)] [DefaultPartition(\"model_{i}_rest\")]\npublic sealed record M{i}([property: PgKey] long Id, int P, string? Value);");
                break;
            case 2:
                text.Append($"[PgTable(\"model_{i}\")] [PartitionBy(nameof(At), PartitionKind.Range)]\n[RangePartition(\"model_{i}_2026_10\", \"2026-10-01\", \"2026-11-01\")] [RangePartition(\"model_{i}_2026_11\", \"2026-11-01\", \"2026-12-01\")]\npublic sealed record M{i}([property: PgKey] long Id, DateTimeOffset At, Guid Device);");
                break;
            default:
                text.Append($"[PgTable(\"model_{i}\")] [PartitionBy(nameof(SensorId), PartitionKind.Hash)] [HashPartitions(4)]\npublic sealed record M{i}([property: PgKey] long Id, long SensorId, double Value);");
                break;
        }

        return text.ToString();
    }
}
