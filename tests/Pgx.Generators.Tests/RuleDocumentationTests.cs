using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.Tests;

/// <summary>Every rule is documented, linked, tracked in the release notes and reported by some analyzer.</summary>
public sealed class RuleDocumentationTests
{
    public static TheoryData<string> RuleIds() => new(Descriptors().Select(d => d.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_docs_page_help_link_release_entry_and_an_analyzer(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        var root = Harness.RepositoryPaths.Root;

        Assert.Equal(Diagnostics.Descriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        var page = Path.Combine(root, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id + ": ", text);
        Assert.Contains(descriptor.Category, text);

        var releases = File.ReadAllText(Path.Combine(root, "src", "Pgx.Generators", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(root, "src", "Pgx.Generators", "AnalyzerReleases.Shipped.md"));
        Assert.Contains(id + " | " + descriptor.Category + " | " + descriptor.DefaultSeverity, releases);

        Assert.Contains(Harness.AnalyzerRun.All, a => a.SupportedDiagnostics.Any(d => d.Id == id));
    }

    [Fact]
    public void Rule_ids_are_unique()
    {
        var ids = Descriptors().Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private static DiagnosticDescriptor[] Descriptors() => typeof(Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();
}
