using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Analyzers;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Tests.Harness;

namespace Pgx.Generators.Tests;

/// <summary>The setup every analyzer and code-fix test shares (<see cref="PgxRuleTest"/>): what it runs, and what it fetches.</summary>
public sealed class RuleTestSetupTests
{
    [Fact]
    public async Task The_framework_resolves_no_reference_assemblies_so_it_downloads_nothing()
    {
        var references = PgxRuleTest.NoDownload;
        Assert.Null(references.ReferenceAssemblyPackage);
        Assert.Empty(references.Packages);
        Assert.Empty(references.Assemblies);
        Assert.Empty(await references.ResolveAsync(LanguageNames.CSharp, default));
    }

    [Fact]
    public void Every_analyzer_and_code_fix_in_the_pgx_assemblies_runs_in_every_test()
    {
        // Found by type, not named: merging the SQL rule analyzers into one changes nothing here.
        var analyzers = typeof(ModelAnalyzer).Assembly.GetTypes().Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null).ToList();
        Assert.Equal(analyzers.OrderBy(t => t.FullName), PgxRuleTest.Analyzers.Select(a => a.GetType()).OrderBy(t => t.FullName));
        var fixes = typeof(CodeFixes.ReturningCodeFixProvider).Assembly.GetTypes().Where(t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null).ToList();
        Assert.Equal(fixes.OrderBy(t => t.FullName), PgxRuleTest.CodeFixes.Select(f => f.GetType()).OrderBy(t => t.FullName));
    }

    [Fact]
    public void Every_rule_id_has_a_descriptor_a_test_can_expect()
    {
        var ids = typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!);
        Assert.All(ids, id => Assert.True(PgxRuleTest.Descriptors.ContainsKey(id), id + " is reported by no analyzer"));
    }
}
