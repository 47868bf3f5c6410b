using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Pgx.PackageTests.Infrastructure;
using Xunit.Abstractions;

namespace Pgx.PackageTests;

/// <summary>What `dotnet pack Pgx.Generators.sln` makes: one package with everything in its place.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests
{
    private readonly PackageFixture _package;

    public PackageLayoutTests(PackageFixture package, ITestOutputHelper output)
    {
        _package = package;
        output.WriteLine("pack: " + Seconds(package.Pack) + ", consumer restore: " + Seconds(package.Restore) + ", consumer build: " + Seconds(package.Build));
    }

    [Fact]
    public void The_solution_packs_into_one_package_and_its_symbols()
    {
        Assert.Equal(
            new[] { "Pgx.Generators." + _package.Version + ".nupkg", "Pgx.Generators." + _package.Version + ".snupkg" },
            Directory.GetFiles(_package.Feed).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void The_package_holds_lib_analyzers_build_and_buildTransitive()
    {
        // The analyzers' and the task's pdbs sit beside them: line numbers in an AD0001 or a failed build step.
        var expected = new List<string>
        {
            "Pgx.Generators.nuspec",
            "README.md",
            "analyzers/dotnet/cs/Pgx.Generators.dll",
            "analyzers/dotnet/cs/Pgx.Generators.pdb",
            "build/Pgx.Generators.Tasks.dll",
            "build/Pgx.Generators.Tasks.pdb",
            "build/Pgx.Generators.props",
            "build/Pgx.Generators.targets",
            "buildTransitive/Pgx.Generators.props",
            "buildTransitive/Pgx.Generators.targets",
            "lib/net10.0/Pgx.dll",
            "lib/net10.0/Pgx.xml",
        };
        if (Repository.HasCodeFixes)
        {
            expected.Add("analyzers/dotnet/cs/Pgx.Generators.CodeFixes.dll");
            expected.Add("analyzers/dotnet/cs/Pgx.Generators.CodeFixes.pdb");
        }

        Assert.Equal(expected.OrderBy(e => e, StringComparer.Ordinal), Entries(_package.PackagePath));
    }

    [Fact]
    public void Build_and_buildTransitive_carry_the_repository_files_unchanged()
    {
        using var package = ZipFile.OpenRead(_package.PackagePath);
        foreach (var file in new[] { "Pgx.Generators.props", "Pgx.Generators.targets" })
        {
            var source = File.ReadAllBytes(Path.Combine(Repository.Root, "build", file));
            Assert.Equal(source, Read(package, "build/" + file));
            Assert.Equal(source, Read(package, "buildTransitive/" + file));
        }
    }

    [Fact]
    public void The_nuspec_has_license_readme_repository_and_the_Npgsql_dependency()
    {
        using var package = ZipFile.OpenRead(_package.PackagePath);
        var nuspec = XDocument.Load(package.GetEntry("Pgx.Generators.nuspec")!.Open());
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("Pgx.Generators", metadata.Element(ns + "id")!.Value);
        Assert.Equal(_package.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.Equal("git", metadata.Element(ns + "repository")!.Attribute("type")!.Value);
        Assert.StartsWith("https://github.com/", metadata.Element(ns + "repository")!.Attribute("url")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")!.Value));

        // One dependency group for the one lib TFM, with exactly the Npgsql version the runtime is built against.
        var group = Assert.Single(metadata.Element(ns + "dependencies")!.Elements(ns + "group"));
        Assert.Equal("net10.0", group.Attribute("targetFramework")!.Value);
        var dependency = Assert.Single(group.Elements(ns + "dependency"));
        Assert.Equal("Npgsql", dependency.Attribute("id")!.Value);
        Assert.Equal(RuntimeNpgsqlVersion(), dependency.Attribute("version")!.Value);
        Assert.StartsWith("10.", dependency.Attribute("version")!.Value);
    }

    [Fact]
    public void The_package_README_is_the_one_in_src_Pgx()
    {
        using var package = ZipFile.OpenRead(_package.PackagePath);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Repository.Root, "src", "Pgx", "README.md")), Read(package, "README.md"));
    }

    [Fact]
    public void The_symbol_package_has_a_matching_pdb_beside_every_dll()
    {
        using var package = ZipFile.OpenRead(_package.PackagePath);
        using var symbols = ZipFile.OpenRead(_package.SymbolPackagePath);
        var dlls = package.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        var pdbs = symbols.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".pdb", StringComparison.Ordinal)).ToList();

        Assert.Equal(dlls.Select(d => Path.ChangeExtension(d, ".pdb")).OrderBy(n => n, StringComparer.Ordinal), pdbs.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains("lib/net10.0/Pgx.pdb", pdbs);
        Assert.Contains("analyzers/dotnet/cs/Pgx.Generators.pdb", pdbs);
        Assert.Contains("build/Pgx.Generators.Tasks.pdb", pdbs);

        // Each pdb is the one its dll names (the CodeView entry's id), so a debugger or symbol server accepts it.
        foreach (var dll in dlls)
        {
            using var pe = new PEReader(new MemoryStream(Read(package, dll)));
            var codeView = pe.ReadCodeViewDebugDirectoryData(pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.CodeView));
            using var pdb = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Read(symbols, Path.ChangeExtension(dll, ".pdb"))));
            Assert.Equal(codeView.Guid, new Guid(pdb.GetMetadataReader().DebugMetadataHeader!.Id.AsSpan(0, 16)));
        }
    }

    private static IEnumerable<string> Entries(string path)
    {
        using var package = ZipFile.OpenRead(path);
        return package.Entries.Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    private static byte[] Read(ZipArchive package, string entry)
    {
        using var stream = package.GetEntry(entry)?.Open() ?? throw new InvalidOperationException(entry + " is not in the package");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string RuntimeNpgsqlVersion() =>
        XDocument.Load(Path.Combine(Repository.Root, "src", "Pgx", "Pgx.csproj")).Descendants("PackageReference")
            .Single(r => (string?)r.Attribute("Include") == "Npgsql").Attribute("Version")!.Value;

    private static string Seconds(DotnetResult result) => result.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
