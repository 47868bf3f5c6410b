using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Pgx.PackageTests.Infrastructure;

namespace Pgx.PackageTests;

/// <summary>
/// The READMEs show real output and real numbers: the SQL excerpt is in the golden file, the insert statement in
/// the generated repository's golden file, every rate in benchmarks/RESULTS.md, every link resolves, and every
/// MSBuild property the package's targets read is documented in both READMEs.
/// </summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
    private static readonly string PackageReadme = File.ReadAllText(Path.Combine(Repository.Root, "src", "Pgx", "README.md"));
    private static readonly string Snapshots = Path.Combine(Repository.Root, "tests", "Pgx.Generators.Tests", "Snapshots");

    [Fact]
    public void The_generated_SQL_shown_is_the_golden_file_with_lines_left_out()
    {
        var excerpt = Regex.Match(Readme, "```sql\n(-- public\\.t \\(Shop\\.T\\).*?)```", RegexOptions.Singleline);
        Assert.True(excerpt.Success, "the README shows the SQL of the model T");
        var golden = File.ReadAllText(Path.Combine(Snapshots, "TriggerList.sql")).TrimEnd('\n').Split('\n');

        // Every shown line is a line of the golden file, in the same order ("…" stands for lines left out).
        var next = 0;
        foreach (var line in excerpt.Groups[1].Value.TrimEnd('\n').Split('\n').Where(l => l != "…"))
        {
            var at = Array.IndexOf(golden, line, next);
            Assert.True(at >= 0, "not in TriggerList.sql (in this order): " + line);
            next = at + 1;
        }

        var shown = excerpt.Groups[1].Value.TrimEnd('\n').Split('\n').Count(l => l != "…");
        Assert.Contains($"`…` marks the {golden.Length - shown} of its {golden.Length} lines left out", Readme);
    }

    [Fact]
    public void The_insert_statement_shown_is_the_generated_one()
    {
        var statement = Regex.Match(Readme, @"one round trip: `(INSERT INTO public\.t1 [^`]+)`").Groups[1].Value;
        Assert.NotEqual("", statement);
        Assert.Contains("\"" + statement + "\"", File.ReadAllText(Path.Combine(Snapshots, "Repository.TriggerList.cs")));
    }

    [Fact]
    public void Every_rate_quoted_comes_from_the_benchmark_results()
    {
        var results = File.ReadAllText(Path.Combine(Repository.Root, "benchmarks", "RESULTS.md"));
        // Rates in the text ("12 inserts/s", "5,806/s") and in the README's table of rates (last column).
        var table = Readme.Substring(Readme.IndexOf("| recipe | inserts/s |", StringComparison.Ordinal)).Split("\n\n")[0] + "\n";
        var rates = Regex.Matches(Readme, @"\b(\d{1,3}(?:,\d{3})*) ?(?:inserts)?/s\b").Select(m => m.Groups[1].Value)
            .Concat(Regex.Matches(table, @"\| (?:\*\*)?(\d{1,3}(?:,\d{3})*)(?:\*\*)? \|\n").Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.Contains("5,806", rates);
        Assert.Contains("12", rates);
        Assert.Contains("5,782", rates);
        Assert.All(rates, rate => Assert.Matches(@"\b" + Regex.Escape(rate) + @"/s", results));
        foreach (var ratio in Regex.Matches(Readme, @"\b(\d\.\d\d)(?:–(\d\.\d\d))?×").SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }).Where(v => v != ""))
        {
            Assert.Contains(ratio, results);
        }
    }

    [Fact]
    public void Every_relative_link_resolves()
    {
        foreach (var (name, text, folder) in new[] { ("README.md", Readme, Repository.Root), ("src/Pgx/README.md", PackageReadme, Path.Combine(Repository.Root, "src", "Pgx")) })
        {
            var links = Regex.Matches(text, @"\]\(([^)#\s]+)(#[^)]*)?\)").Select(m => m.Groups[1].Value).Where(l => !l.StartsWith("http", StringComparison.Ordinal)).ToList();
            Assert.All(links, link => Assert.True(File.Exists(Path.Combine(folder, link)) || Directory.Exists(Path.Combine(folder, link)), name + " links to a missing " + link));
        }

        Assert.Contains("](docs/diagnostics/PGX0101.md)", Readme);
    }

    [Fact]
    public void Every_MSBuild_property_of_the_package_is_documented_in_both_READMEs()
    {
        var targets = File.ReadAllText(Path.Combine(Repository.Root, "build", "Pgx.Generators.targets"));
        var properties = Regex.Matches(targets, @"<(Pgx\w+) Condition=""'\$\(\1\)' == ''"">").Select(m => m.Groups[1].Value).Where(p => p != "PgxTasksAssembly").ToList();

        Assert.Contains("PgxSqlPublishPath", properties);
        Assert.All(properties, property =>
        {
            Assert.Contains("| `" + property + "` |", Readme);
            Assert.Contains("| `" + property + "` |", PackageReadme);
        });
    }
}
