using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Analyzers;
using Pgx.Generators.Analyzers.Sql;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Sql;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests.Sql;

/// <summary>The one SQL analyzer: each call's SQL is parsed once and every rule reads that parse.</summary>
public sealed class SqlAnalyzerTests
{
    [Fact]
    public async Task Every_rule_reads_the_one_parse_of_each_call()
    {
        var first = new RecordingRule(fires: true);
        var second = new RecordingRule(fires: true);
        var never = new RecordingRule(fires: false);
        var compilation = TestCompilation.Create(new[]
        {
            SqlCallSiteSources.Method("""
                await connection.ExecuteAsync("INSERT INTO t (p) VALUES (1) RETURNING id");
                await connection.QueryAsync<long>("SELECT id FROM t WHERE id = currval('t_id_seq')");
                """),
        });

        var analyzer = new SqlAnalyzer(ImmutableArray.Create<SqlRule>(first, never, second));
        Assert.Empty(await AnalyzerRun.DiagnosticsAsync(compilation, analyzers: ImmutableArray.Create<DiagnosticAnalyzer>(analyzer)));

        Assert.Equal(2, first.Documents.Count);
        Assert.Equal(first.Documents.Keys.OrderBy(k => k), second.Documents.Keys.OrderBy(k => k));
        foreach (var (start, document) in first.Documents)
        {
            Assert.Same(document, second.Documents[start]);
        }

        Assert.Empty(never.Documents);
    }

    [Fact]
    public void The_shipped_analyzer_supports_each_rule_and_PGX0999_once()
    {
        var ids = new SqlAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToList();
        Assert.Equal(new[] { "PGX0101", "PGX0102", "PGX0103", "PGX0104", "PGX0106", "PGX0107", "PGX0108", "PGX0999" }, ids.OrderBy(id => id, System.StringComparer.Ordinal));
    }

    /// <summary>Records the parse it is handed at each call (by where the SQL starts); reports nothing.</summary>
    private sealed class RecordingRule(bool fires) : SqlRule
    {
        public ConcurrentDictionary<int, SqlDocument> Documents { get; } = new();

        public override DiagnosticDescriptor Descriptor => Descriptors.ReturningFromTriggerRoutedTable;

        public override bool CanFire(string sql, KnownTables tables) => fires;

        public override void Analyze(SqlCallSite site) => Documents[site.Location.SourceSpan.Start] = site.Document;
    }
}
