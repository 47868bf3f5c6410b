using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Pgx.Generators.Tests;

/// <summary>
/// The generator's folders depend downward only: <c>Sql</c> and <c>Diagnostics</c> at the bottom, then
/// <c>Model</c>, then <c>Parsing</c> and <c>Emit</c> (which sees only <c>Model</c> and <c>Sql</c>), then the
/// analyzers and code fixes. Read from the source files' <c>using</c> directives and qualified names, so a new
/// upward reference fails here before it tangles the structure.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Sql"] = Array.Empty<string>(),
        ["Diagnostics"] = Array.Empty<string>(),
        ["Model"] = new[] { "Sql" },
        ["Parsing"] = new[] { "Model", "Sql", "Diagnostics" },
        ["Emit"] = new[] { "Model", "Sql" },
        ["Analyzers"] = new[] { "Analyzers", "Parsing", "Model", "Sql", "Diagnostics" },
        ["Polyfills"] = Array.Empty<string>(),
        // PgxGenerator.cs and TrackingNames.cs: the pipeline wires parsing to emission, and reports nothing itself.
        [""] = new[] { "Parsing", "Model", "Sql", "Emit", "Diagnostics" },
    };

    private static readonly Regex Reference = new(@"\bPgx\.Generators\.(\w+)", RegexOptions.CultureInvariant);

    [Fact]
    public void Generator_folders_depend_downward_only()
    {
        var source = Path.Combine(Harness.RepositoryPaths.Root, "src", "Pgx.Generators");
        var violations = new List<string>();
        var files = SourceFiles(source).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(source, file).Replace('\\', '/');
            var layer = relative.Contains('/') ? relative.Substring(0, relative.IndexOf('/')) : "";
            Assert.True(Allowed.ContainsKey(layer), $"{relative}: folder '{layer}' has no place in the layering; add it to this test and docs/architecture.md");
            violations.AddRange(References(file)
                .Where(target => target != layer && !Allowed[layer].Contains(target))
                .Select(target => $"{relative} ({layer}) uses {target}"));
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void Code_fixes_and_the_MSBuild_task_stay_off_the_emitter()
    {
        var violations = new List<string>();
        foreach (var (project, allowed) in new[]
        {
            ("Pgx.Generators.CodeFixes", new[] { "Analyzers", "Parsing", "Model", "Sql", "Diagnostics" }),
            ("Pgx.Generators.Tasks", new[] { "Sql" }),
        })
        {
            var folder = Path.Combine(Harness.RepositoryPaths.Root, "src", project);
            violations.AddRange(SourceFiles(folder)
                .SelectMany(file => References(file).Where(target => !allowed.Contains(target)).Select(target => $"{project}/{Path.GetFileName(file)} uses {target}")));
        }

        Assert.Empty(violations);
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Replace('\\', '/').Contains("/obj/") && !f.Replace('\\', '/').Contains("/bin/"));

    /// <summary>The top-level generator folders a file names, through <c>using</c> directives or qualified names; comments ignored.</summary>
    private static IEnumerable<string> References(string file)
    {
        var code = string.Join("\n", File.ReadAllLines(file)
            .Select(line => line.TrimStart())
            .Where(line => !line.StartsWith("//", StringComparison.Ordinal) && !line.StartsWith("namespace ", StringComparison.Ordinal)));
        return Reference.Matches(code).Select(m => m.Groups[1].Value)
            .Where(name => Allowed.ContainsKey(name))
            .Distinct();
    }
}
