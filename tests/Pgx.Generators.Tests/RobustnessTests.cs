using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>
/// Code being typed is broken most of the time. Every prefix of real model files, and attributes with the
/// wrong argument kinds, must produce compiler errors at worst: never a generator crash (CS8785) or an
/// analyzer crash (AD0001).
/// </summary>
public sealed class RobustnessTests
{
    private static readonly string Source = string.Join("\n", Models.TriggerList, Models.Events.Replace("using System;\nusing Pgx;\n", ""), Models.TriggerRange.Replace("using System;\nusing Pgx;\n", ""))
        .Replace("namespace Telemetry;", "").Replace("namespace Ledger;", "");

    [Fact]
    public async Task Every_truncation_of_a_real_model_file_is_survived()
    {
        Assert.Contains("RangePartition", Source);
        for (var length = 0; length <= Source.Length; length += 3)
        {
            var prefix = Source.Substring(0, length);
            var run = GeneratorRun.Of(prefix);
            Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
            Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id is "CS8785" or "CS8784");

            if (length % 30 == 0)
            {
                var diagnostics = await AnalyzerRun.DiagnosticsAsync(prefix);
                Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "PGX0999");
            }
        }
    }

    [Fact]
    public async Task Every_truncation_of_a_real_data_access_file_is_survived()
    {
        var compilation = TestCompilation.Create(new[] { Models.DataAccess });
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var complete = await AnalyzerRun.DiagnosticsAsync(compilation);
        Assert.Equal(
            new[] { "PGX0101", "PGX0101", "PGX0101", "PGX0102", "PGX0102", "PGX0103", "PGX0105", "PGX0105" },
            complete.Select(d => d.Id).OrderBy(id => id));

        for (var length = 0; length <= Models.DataAccess.Length; length += 7)
        {
            var prefix = Models.DataAccess.Substring(0, length);
            var crashes = (await AnalyzerRun.DiagnosticsAsync(prefix)).Where(d => d.Id is "AD0001" or "PGX0999").ToList();
            Assert.True(crashes.Count == 0, $"at length {length}: {string.Join("\n", crashes)}");

            if (length % 49 == 0)
            {
                var run = GeneratorRun.Of(prefix);
                Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
                Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id is "CS8785" or "CS8784");
            }
        }
    }

    [Theory]
    [InlineData("[PgTable(42)] public sealed record T(long Id);")]
    [InlineData("[PgTable, PartitionBy(null!, (PartitionKind)99), ListPartition(null!, null!)] public sealed record T(long Id, int P);")]
    [InlineData("[PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition(\"a\", new object[] { new int[] { 1 } })] public sealed record T(long Id, int P);")]
    [InlineData("[PgTable, PartitionBy(nameof(P), PartitionKind.Range), RangePartition(\"a\", null!, typeof(int))] public sealed record T(long Id, int P);")]
    [InlineData("[PgTable, PartitionBy(nameof(P), PartitionKind.List), ListPartition(\"a\", 1L << 40)] public sealed record T(long Id, int P);")]
    [InlineData("[PgTable, PgIndex(null!)] public sealed record T(long Id);")]
    [InlineData("[PgTable, PgIndex] public sealed record T(long Id);")]
    [InlineData("[PgTable, ForeignTable(null!)] public sealed record T(long Id);")]
    [InlineData("[PgTable] public sealed record T([property: PgKey, PgSequence(null!)] long Id);")]
    [InlineData("[PgTable] public sealed record T<TX>(long Id, TX Value);")]
    [InlineData("[PgTable] public sealed record T(long Id, T? Self);")]
    [InlineData("[PgTable, PartitionBy(nameof(P), PartitionKind.Range), RangePartition(\"a\", \"MAXVALUE\", \"MINVALUE\")] public sealed record T(long Id, int P);")]
    [InlineData("public partial class Outer<TX> { [PgTable] public sealed record T(long Id); }")]
    public async Task Malformed_attributes_never_crash(string model)
    {
        var source = "using System; using Pgx;\n" + model;

        var run = GeneratorRun.Of(source);
        Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id is "CS8785" or "CS8784");

        var diagnostics = await AnalyzerRun.DiagnosticsAsync(source);
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "PGX0999");
        Assert.True(diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || run.Output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error), "broken input gets an error, from Pgx or the compiler");
    }
}
