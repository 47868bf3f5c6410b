using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// The pipeline is incremental for real: an unrelated edit re-runs nothing downstream, and the models hold no
/// Roslyn object that would pin a compilation in memory or break equality.
/// </summary>
public sealed class IncrementalCachingTests
{
    private static readonly string[] TrackedSteps =
    {
        TrackingNames.TablesFromPgTable, TrackingNames.TablesFromForeignTable, TrackingNames.AllTables,
        TrackingNames.ForeignServers, TrackingNames.ForeignImports, TrackingNames.AssemblyName, TrackingNames.ForeignDeclarations,
        TrackingNames.RepositoryTables,
    };

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var (driver, compilation) = RunOnce(Models.TriggerList, Models.Events);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Elsewhere { public static class Unrelated { public static int M() => 42; } }", TestCompilation.ParseOptions()));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps.Where(result.TrackedSteps.ContainsKey))
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} was {output.Reason}");
            }
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_edit_inside_a_model_file_that_keeps_the_model_leaves_the_output_cached()
    {
        var (driver, compilation) = RunOnce(Models.TriggerList);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(0, 0, "// a comment that changes no model\n")));

        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var tables = result.TrackedSteps[TrackingNames.AllTables].Single().Outputs.Single().Reason;
        Assert.True(tables is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"AllTables was {tables}");
        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, outputs.Count); // PgxSchema.g.cs and Shop.T.Pgx.g.cs
        Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Changing_one_record_re_emits_its_repository_and_leaves_the_others_cached()
    {
        var (driver, compilation) = RunOnce(Models.TriggerList, Models.Events, Models.TriggerRange);
        var tree = compilation.SyntaxTrees.First();
        var changed = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Models.TriggerList.Replace("[ListPartition(\"t2\", 2)]", "[ListPartition(\"t2\", 2)]\n[ListPartition(\"t3\", 3)]"), TestCompilation.ParseOptions()));

        var result = driver.RunGenerators(changed).GetRunResult().Results.Single();

        var repositories = result.TrackedSteps[TrackingNames.RepositoryTables].SelectMany(s => s.Outputs)
            .Select(o => (Table: ((Pgx.Generators.Model.TableSpec)o.Value).Name, o.Reason))
            .ToDictionary(o => o.Table, o => o.Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, repositories["t"]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, repositories["events"]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, repositories["entries"]);
        Assert.Contains("public.t3", result.GeneratedSources.Single(s => s.HintName == "Shop.T.Pgx.g.cs").SourceText.ToString());
    }

    [Fact]
    public void A_model_change_does_reach_the_output()
    {
        var (driver, compilation) = RunOnce(Models.TriggerList);
        var tree = compilation.SyntaxTrees.Single();
        var changed = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Models.TriggerList.Replace("[ListPartition(\"t2\", 2)]", "[ListPartition(\"t2\", 2)]\n[ListPartition(\"t3\", 3)]"), TestCompilation.ParseOptions()));

        var result = driver.RunGenerators(changed).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.AllTables].Single().Outputs.Single().Reason);
        Assert.Contains("t3", result.GeneratedSources.Single(s => s.HintName == "PgxSchema.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Each_record_is_parsed_by_one_discovery_step_only()
    {
        // [PgTable] with [PartitionBy], [PartitionBy] alone (no table model: PGX0038), [PgTable] with [ForeignTable],
        // [ForeignTable] alone.
        const string OnlyPartitionBy = """
            using Pgx;

            namespace Shop;

            [PartitionBy(nameof(P), PartitionKind.List)]
            [ListPartition("only_partition_by_1", 1)]
            public sealed record OnlyPartitionBy([property: PgKey] long Id, int P);

            [ForeignTable("app_db", RemoteName = "accounts")]
            public sealed record OnlyForeignTable([property: PgKey] int Id, string Name);
            """;
        var (driver, _) = RunOnce(Models.TriggerList, ForeignModels.Declarations, ForeignModels.Records, OnlyPartitionBy);
        var result = driver.GetRunResult().Results.Single();

        var parsed = new[] { TrackingNames.TablesFromPgTable, TrackingNames.TablesFromForeignTable }
            .Where(result.TrackedSteps.ContainsKey)
            .SelectMany(step => result.TrackedSteps[step]).SelectMany(s => s.Outputs)
            .Select(o => o.Value).OfType<Pgx.Generators.Model.TableSpec>().Select(spec => spec.Name)
            .OrderBy(name => name, StringComparer.Ordinal);
        Assert.Equal(new[] { "events", "only_foreign_table", "t", "users" }, parsed);
        Assert.DoesNotContain(result.TrackedSteps.Keys, step => step.Contains("PartitionBy", StringComparison.Ordinal));
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var (driver, _) = RunOnce(Models.TriggerList, Models.Events, Models.Readings, Models.Plain, Models.TriggerRange);
        var result = driver.GetRunResult().Results.Single();
        var models = TrackedSteps.Where(result.TrackedSteps.ContainsKey)
            .SelectMany(step => result.TrackedSteps[step]).SelectMany(s => s.Outputs).Select(o => o.Value).ToList();

        Assert.NotEmpty(models);
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var model in models)
        {
            Walk(model, "model", visited);
        }

        Assert.Contains(visited, v => v.GetType().Name == "TableSpec");
        Assert.Contains(visited, v => v.GetType().Name == "PartitionValue");
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) RunOnce(params string[] sources)
    {
        var compilation = TestCompilation.Create(sources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new PgxGenerator().AsSourceGenerator() },
            parseOptions: TestCompilation.ParseOptions(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        return (driver.RunGenerators(compilation), compilation);
    }

    private static readonly Type[] Forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };

    private static void Walk(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        var type = value.GetType();
        Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} is a {type.FullName}, which must not survive the parser");
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                Walk(item, $"{path}[{i++}]", visited);
            }

            return;
        }

        if (value is ValueTuple<object, object> || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType)
        {
            return;
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Assert.False(Forbidden.Any(f => f.IsAssignableFrom(field.FieldType)), $"{path}.{field.Name} is declared as {field.FieldType.FullName}");
            Walk(field.GetValue(value), path + "." + field.Name, visited);
        }
    }
}
