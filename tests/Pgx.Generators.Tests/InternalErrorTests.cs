using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Pgx.Generators.Analyzers;
using Pgx.Generators.Tests.Harness;
using Pgx.Generators.Tests.Sql;

namespace Pgx.Generators.Tests;

/// <summary>
/// A failure inside Pgx is PGX0999 with the exception's text at the code being analyzed, never AD0001. The
/// failure is injected for subjects that carry a marker no real code has, so other tests running in parallel
/// are unaffected.
/// </summary>
public sealed class InternalErrorTests : RuleTests
{
    private const string Marker = "PgxInjectedFailure";

    static InternalErrorTests() => FailureInjection.ThrowWhen = subject => subject.Contains(Marker, System.StringComparison.Ordinal);

    public InternalErrorTests()
        : base(ModelRules.Concat(SqlRules).ToArray())
    {
    }

    /// <summary>PGX0999 at location <paramref name="location"/>, for the injected failure on <paramref name="subject"/>.</summary>
    private static DiagnosticResult Failure(int location, string subject) =>
        Diagnostic("PGX0999", location, $"InvalidOperationException: injected failure while analyzing '{subject}'");

    [Fact]
    public Task A_model_analyzer_failure_is_PGX0999() => VerifyAsync(
        """
        using Pgx;
        [PgTable]
        public sealed record {|#0:PgxInjectedFailure|}(long Id);
        [PgTable]
        public sealed record Fine(long Id);
        """,
        Failure(0, Marker));

    [Fact]
    public Task A_sql_rule_failure_is_PGX0999_from_each_sql_analyzer() => VerifyAsync(
        SqlCallSiteSources.Method("""
            {|#0:connection.Execute("SELECT 1 /* PgxInjectedFailure */")|};
            connection.Execute({|#1:"INSERT INTO t (p) VALUES (1) RETURNING id"|});
            """),
        Failure(0, "SELECT 1 /* PgxInjectedFailure */"),
        Failure(0, "SELECT 1 /* PgxInjectedFailure */"),
        Failure(0, "SELECT 1 /* PgxInjectedFailure */"),
        Failure(0, "SELECT 1 /* PgxInjectedFailure */"),
        Diagnostic("PGX0101", 1, "public.t", "record T"));

    [Fact]
    public Task An_ef_core_rule_failure_is_PGX0999() => VerifyAsync(
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
        var diagnostics = await AnalyzerRun.DiagnosticsAsync("using Pgx; [PgTable] public sealed record PgxInjectedFailure(long Id);");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("PGX0999", diagnostic.Id);
        Assert.Contains("InvalidOperationException: injected failure while analyzing 'PgxInjectedFailure'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
