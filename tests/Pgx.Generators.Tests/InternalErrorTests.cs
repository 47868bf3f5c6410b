using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Analyzers;
using Pgx.Generators.Analyzers.Sql;
using Pgx.Generators.Parsing;
using Pgx.Generators.Tests.Harness;
using Pgx.Generators.Tests.Sql;

namespace Pgx.Generators.Tests;

/// <summary>
/// A failure inside Pgx is PGX0999 with the exception's text at the code being analyzed, never AD0001. Each test
/// builds an analyzer with one part that throws for code carrying a marker: a SQL rule, the model parser, the EF Core
/// entity lookup. The analyzers Pgx ships have no such part.
/// </summary>
public sealed class InternalErrorTests : RuleTests
{
    private const string Marker = "PgxInjectedFailure";

    private static readonly ImmutableArray<DiagnosticAnalyzer> FailingModelAnalyzer = ImmutableArray.Create<DiagnosticAnalyzer>(
        new ModelAnalyzer((type, cancellationToken) => type.Name.Contains(Marker, StringComparison.Ordinal) ? throw Injected(type.Name) : ModelParser.Parse(type, cancellationToken)));

    public InternalErrorTests()
        : base(ModelRules.Concat(SqlRules).ToArray())
    {
    }

    [Fact]
    public Task A_model_analyzer_failure_is_PGX0999() => VerifyAsync(
        FailingModelAnalyzer,
        """
        using Pgx;
        [PgTable]
        public sealed record {|#0:PgxInjectedFailure|}(long Id);
        [PgTable]
        public sealed record Fine(long Id);
        """,
        Failure(0, Marker));

    [Fact]
    public Task A_sql_rule_failure_is_one_PGX0999_at_the_call_and_the_other_calls_are_still_read() => VerifyAsync(
        ImmutableArray.Create<DiagnosticAnalyzer>(new SqlAnalyzer(SqlAnalyzer.Rules.Insert(0, new FailingRule()))),
        SqlCallSiteSources.Method("""
            {|#0:connection.Execute("SELECT 1 /* PgxInjectedFailure */")|};
            connection.Execute({|#1:"INSERT INTO t (p) VALUES (1) RETURNING id"|});
            """),
        Failure(0, "SELECT 1 /* PgxInjectedFailure */"),
        Diagnostic("PGX0101", 1, "public.t", "record T"));

    [Fact]
    public Task An_ef_core_rule_failure_is_PGX0999() => VerifyAsync(
        ImmutableArray.Create<DiagnosticAnalyzer>(new EfCoreDbSetAnalyzer((_, name, _, _) => name.Contains(Marker, StringComparison.Ordinal) ? throw Injected(name) : null)),
        SqlCallSiteSources.Prelude + """
        public sealed class Db : DbContext
        {
            public DbSet<Db>? {|#0:PgxInjectedFailure|} { get; set; }
        }
        """,
        Failure(0, Marker));

    [Fact]
    public async Task The_message_carries_the_exception_text()
    {
        var compilation = TestCompilation.Create(new[] { "using Pgx; [PgTable] public sealed record PgxInjectedFailure(long Id);" });
        var diagnostics = await AnalyzerRun.DiagnosticsAsync(compilation, analyzers: FailingModelAnalyzer);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("PGX0999", diagnostic.Id);
        Assert.Contains("InvalidOperationException: injected failure while analyzing 'PgxInjectedFailure'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    /// <summary>PGX0999 at location <paramref name="location"/>, for the injected failure on <paramref name="subject"/>.</summary>
    private static DiagnosticResult Failure(int location, string subject) =>
        Diagnostic("PGX0999", location, $"InvalidOperationException: injected failure while analyzing '{subject}'");

    private static InvalidOperationException Injected(string subject) => new("injected failure while analyzing '" + subject + "'");

    /// <summary>Throws on SQL that carries the marker, after the analyzer has parsed it.</summary>
    private sealed class FailingRule : SqlRule
    {
        public override DiagnosticDescriptor Descriptor { get; } = new("PGX9990", "Fails", "Fails", "Pgx.Sql", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override bool CanFire(string sql, KnownTables tables) => sql.Contains(Marker, StringComparison.Ordinal);

        public override void Analyze(SqlCallSite site) => throw Injected(site.Document.Text);
    }
}
