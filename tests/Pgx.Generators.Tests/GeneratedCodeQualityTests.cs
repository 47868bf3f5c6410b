using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>Generated code compiles cleanly under strict settings, on older C#, and byte-identically every time.</summary>
public sealed class GeneratedCodeQualityTests
{
    private static readonly string[] AllModels = { Models.TriggerList, Models.Events, Models.Readings, Models.Plain, Models.TriggerRange };

    [Fact]
    public void Generated_code_has_no_warnings_with_every_warning_as_error()
    {
        var run = GeneratorRun.Of(AllModels);
        var strict = run.Output.WithOptions(run.Output.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Error).WithWarningLevel(9999));

        var generatedProblems = strict.GetDiagnostics()
            .Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError);
        Assert.Empty(generatedProblems);
        Assert.Empty(run.Result.Diagnostics);
    }

    [Fact]
    public void Generated_code_compiles_under_csharp_9()
    {
        var models = AllModels.Select(m => m.Replace("namespace Shop;", "namespace Shop {").Replace("namespace Telemetry;", "namespace Telemetry {")
            .Replace("namespace Shop.Orders;", "namespace Shop.Orders {").Replace("namespace Ledger;", "namespace Ledger {") + "\n}").ToArray();
        var run = GeneratorRun.Of(LanguageVersion.CSharp9, models);

        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("public.t", run.SchemaSql);
    }

    [Fact]
    public void Output_is_deterministic_whatever_the_file_order()
    {
        var forward = GeneratorRun.Of(AllModels).Sources;
        var backward = GeneratorRun.Of(AllModels.Reverse().ToArray()).Sources;

        Assert.Equal(forward.Keys.OrderBy(k => k), backward.Keys.OrderBy(k => k));
        foreach (var (name, text) in forward)
        {
            Assert.Equal(text, backward[name]);
        }
    }

    [Fact]
    public void A_compilation_without_models_gets_no_generated_files()
    {
        var run = GeneratorRun.Of("namespace Plain { public sealed record Point(int X, int Y); }");

        Assert.Empty(run.Sources);
        Assert.Empty(run.CompilationDiagnostics);
    }
}
