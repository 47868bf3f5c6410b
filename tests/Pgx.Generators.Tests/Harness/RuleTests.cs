using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Pgx.Generators.Tests.Harness;

/// <summary>
/// Base of the analyzer and code-fix test classes: a class names the rules it tests, and each check runs every
/// Pgx analyzer and code fix on Microsoft.CodeAnalysis.Testing (<see cref="PgxRuleTest"/>), compares the
/// diagnostics of those rules (id, span, severity, full message) with the markup and the expected results, and
/// repeats the comparison with a <c>#pragma warning disable</c> of each expected rule, which must silence it.
/// A source that does not compile fails the check: silence could be a binding error.
/// </summary>
public abstract class RuleTests
{
    /// <summary>The SQL rules: PGX0101–PGX0107.</summary>
    protected static readonly string[] SqlRules = { "PGX0101", "PGX0102", "PGX0103", "PGX0104", "PGX0105", "PGX0106", "PGX0107" };

    /// <summary>
    /// The model rules: every rule of category Pgx.Model but the internal error (PGX0999, compared in every test
    /// anyway). Taken from the analyzers, so a new model rule joins the tests that run over all of them.
    /// </summary>
    protected static readonly string[] ModelRules = PgxRuleTest.Descriptors.Values
        .Where(d => d.Category == Diagnostics.Descriptors.ModelCategory && d.Id != Diagnostics.RuleIds.InternalError)
        .Select(d => d.Id)
        .OrderBy(id => id, StringComparer.Ordinal)
        .ToArray();

    /// <summary>A class testing <paramref name="rules"/> (plus any rule its markup or expectations name).</summary>
    protected RuleTests(params string[] rules) => RulesUnderTest = rules;

    /// <summary>The rules under test: other rules' diagnostics are left out of every comparison.</summary>
    protected IReadOnlyList<string> RulesUnderTest { get; }

    /// <summary>An expected diagnostic of rule <paramref name="id"/>: its severity and its whole message are checked, so give the arguments.</summary>
    protected static DiagnosticResult Diagnostic(string id) => new(PgxRuleTest.Descriptors[id]);

    /// <summary>Rule <paramref name="id"/> at the markup's location <c>{|#n:…|}</c> <paramref name="location"/>, with its message <paramref name="arguments"/>.</summary>
    protected static DiagnosticResult Diagnostic(string id, int location, params object[] arguments) =>
        Diagnostic(id).WithLocation(location).WithArguments(arguments);

    /// <summary>Checks the diagnostics of <paramref name="markup"/> against its markup and <paramref name="expected"/>.</summary>
    protected Task VerifyAsync(string markup, params DiagnosticResult[] expected) => Test(markup, expected).RunAsync();

    /// <summary>As <see cref="VerifyAsync(string, DiagnosticResult[])"/>, with <paramref name="analyzers"/> instead of the ones Pgx ships.</summary>
    protected Task VerifyAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, string markup, params DiagnosticResult[] expected)
    {
        var test = new PgxRuleTest(RulesUnderTest) { TestCode = markup, AnalyzersUnderTest = analyzers };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>As <see cref="VerifyAsync(string, DiagnosticResult[])"/>, in a project that also references <paramref name="reference"/>.</summary>
    protected Task VerifyAsync(string markup, MetadataReference reference, params DiagnosticResult[] expected)
    {
        var test = Test(markup, expected);
        test.TestState.AdditionalReferences.Add(reference);
        return test.RunAsync();
    }

    /// <summary>
    /// As <see cref="VerifyAsync(string, DiagnosticResult[])"/>, without the <c>#pragma</c> repetition: for sweeps over
    /// many forms of one rule, whose own tests make that check (a sweep would repeat it on the same kind of location).
    /// </summary>
    protected Task VerifySweepAsync(string markup, params DiagnosticResult[] expected)
    {
        var test = Test(markup, expected);
        test.TestBehaviors = TestBehaviors.SkipSuppressionCheck;
        return test.RunAsync();
    }

    /// <summary>
    /// Checks <paramref name="rule"/> alone on <paramref name="markup"/>, where <c>[|…|]</c> marks each place it fires.
    /// For sweeps over hundreds of forms of one rule: it skips the <c>#pragma</c> repetition, which the rule's own
    /// tests make (a sweep would repeat it on the same kind of location, doubling its time).
    /// </summary>
    protected static Task VerifyRuleAsync(string rule, string markup) =>
        new PgxRuleTest(new[] { rule }) { TestCode = markup, TestBehaviors = TestBehaviors.SkipSuppressionCheck }.RunAsync();

    /// <summary>
    /// Applies the fix <paramref name="equivalenceKey"/> to each diagnostic in turn, then all at once (fix all in
    /// document, project and solution), and checks that both give <paramref name="fixedCode"/>, which compiles and
    /// reports nothing the markup of <paramref name="fixedCode"/> does not show.
    /// </summary>
    protected Task VerifyFixAsync(string markup, string fixedCode, string equivalenceKey, params DiagnosticResult[] expected)
    {
        var test = Test(markup, expected);
        test.FixedCode = fixedCode;
        test.CodeActionEquivalenceKey = equivalenceKey;
        return test.RunAsync();
    }

    /// <summary>
    /// As <see cref="VerifyFixAsync(string, string, string, DiagnosticResult[])"/>, where the markup of
    /// <paramref name="fixedMarkup"/> shows the diagnostics the fix leaves (those it offers no such fix for).
    /// </summary>
    protected Task VerifyPartialFixAsync(string markup, string fixedMarkup, string equivalenceKey, params DiagnosticResult[] expected)
    {
        var test = Test(markup, expected);
        test.FixedCode = fixedMarkup;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.CodeActionEquivalenceKey = equivalenceKey;
        return test.RunAsync();
    }

    /// <summary>Checks the diagnostics of <paramref name="markup"/> and that no fix <paramref name="equivalenceKey"/> is offered for them.</summary>
    protected Task VerifyNoFixAsync(string markup, string equivalenceKey, params DiagnosticResult[] expected) =>
        VerifyFixAsync(markup, markup, equivalenceKey, expected);

    /// <summary>A test of this class's rules on <paramref name="markup"/>, for a check the helpers above do not make.</summary>
    private protected PgxRuleTest Test(string markup, params DiagnosticResult[] expected)
    {
        var test = new PgxRuleTest(RulesUnderTest) { TestCode = markup };
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }
}
