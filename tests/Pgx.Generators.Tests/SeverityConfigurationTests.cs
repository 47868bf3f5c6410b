using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Tests.Harness;
using Pgx.Generators.Tests.Sql;

namespace Pgx.Generators.Tests;

/// <summary>Every rule's severity is configurable in .editorconfig, per rule and per category, as the docs say.</summary>
public sealed class SeverityConfigurationTests : RuleTests
{
    private static readonly string Source = SqlCallSiteSources.Method("""
        connection.Execute({|#0:"INSERT INTO t (p) VALUES (1) RETURNING id"|});
        connection.Execute({|#1:"INSERT INTO t (id, p) VALUES (1, 1) ON CONFLICT DO NOTHING"|});
        connection.Execute({|#2:"SELECT * FROM t WHERE id = currval('t_id_seq')"|});
        """) + """

        [PgTable, {|#3:PartitionBy(nameof(P), PartitionKind.List)|}]
        public sealed record Empty(long Id, int P);
        [PgTable]
        public sealed record {|#4:Keyless|}(string Name);
        """;

    public SeverityConfigurationTests()
        : base("PGX0011", "PGX0022", "PGX0101", "PGX0102", "PGX0103")
    {
    }

    private static DiagnosticResult Returning => Diagnostic("PGX0101").WithLocation(0).WithArguments("public.t", "record T");

    private static DiagnosticResult OnConflict => Diagnostic("PGX0103").WithLocation(1).WithArguments("public.t", "record T");

    private static DiagnosticResult Currval => Diagnostic("PGX0102").WithLocation(2).WithArguments("public.t", "record T");

    private static DiagnosticResult NoPartitions => Diagnostic("PGX0022").WithLocation(3).WithArguments("Empty", "ListPartition(\"name\", value)");

    private static DiagnosticResult Keyless => Diagnostic("PGX0011").WithLocation(4).WithArguments("Keyless");

    [Fact]
    public Task Defaults_without_an_editorconfig() =>
        VerifyAsync(Source, Returning, OnConflict, Currval, NoPartitions, Keyless.WithSeverity(DiagnosticSeverity.Error));

    [Fact]
    public Task Editorconfig_sets_severities_per_rule_and_per_category()
    {
        var test = Test(
            Source,
            Returning.WithSeverity(DiagnosticSeverity.Error),
            Currval.WithSeverity(DiagnosticSeverity.Error),
            Keyless.WithSeverity(DiagnosticSeverity.Warning));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.PGX0101.severity = error
            dotnet_diagnostic.PGX0103.severity = none
            dotnet_diagnostic.PGX0022.severity = none
            dotnet_diagnostic.PGX0011.severity = warning
            dotnet_analyzer_diagnostic.category-Pgx.Performance.severity = error
            """));
        return test.RunAsync();
    }
}
