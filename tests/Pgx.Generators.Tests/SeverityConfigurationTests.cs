using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Tests.Harness;
using Pgx.Generators.Tests.Sql;

namespace Pgx.Generators.Tests;

/// <summary>Every rule's severity is configurable in .editorconfig, per rule and per category, as the docs say.</summary>
public sealed class SeverityConfigurationTests
{
    private static readonly string Source = SqlCallSiteSources.Method("""
        connection.Execute("INSERT INTO t (p) VALUES (1) RETURNING id");
        connection.Execute("INSERT INTO t (id, p) VALUES (1, 1) ON CONFLICT DO NOTHING");
        connection.Execute("SELECT * FROM t WHERE id = currval('t_id_seq')");
        """) + """

        [PgTable, PartitionBy(nameof(P), PartitionKind.List)]
        public sealed record Empty(long Id, int P);
        [PgTable]
        public sealed record Keyless(string Name);
        """;

    [Fact]
    public async Task Defaults_without_an_editorconfig()
    {
        using var run = WorkspaceRun.Create(new[] { Source });
        Assert.Equal(
            new[] { "PGX0011:Error", "PGX0022:Warning", "PGX0101:Warning", "PGX0102:Warning", "PGX0103:Warning" },
            Severities(await run.DiagnosticsAsync()));
    }

    [Fact]
    public async Task Editorconfig_sets_severities_per_rule_and_per_category()
    {
        using var run = WorkspaceRun.Create(new[] { Source }, """
            root = true

            [*.cs]
            dotnet_diagnostic.PGX0101.severity = error
            dotnet_diagnostic.PGX0103.severity = none
            dotnet_diagnostic.PGX0022.severity = none
            dotnet_diagnostic.PGX0011.severity = warning
            dotnet_analyzer_diagnostic.category-Pgx.Performance.severity = error
            """);
        Assert.Equal(
            new[] { "PGX0011:Warning", "PGX0101:Error", "PGX0102:Error" },
            Severities(await run.DiagnosticsAsync()));
    }

    private static string[] Severities(System.Collections.Immutable.ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Select(d => d.Id + ":" + d.Severity).Distinct().OrderBy(s => s, System.StringComparer.Ordinal).ToArray();
}
