using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using System.Threading.Tasks;

namespace Pgx.PackageTests.Infrastructure;

/// <summary>
/// Once per test run: `dotnet pack Pgx.Generators.sln --no-build` of the build under test into a temp folder
/// feed, then a fresh consumer project that references the package from that feed, restored into its own
/// NuGet packages folder (so no stale copy of the same version can be picked up) and built.
/// </summary>
/// <remarks>
/// NuGet isolation: the nuget.config above the consumer clears sources, maps Pgx.Generators to the local feed only and
/// everything else to the sources this repository restores from (the mirror), with the machine's packages
/// folder as a read-only fallback so Npgsql is not downloaded again.
/// </remarks>
public sealed class PackageFixture : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "pgx-package-tests-" + Guid.NewGuid().ToString("N").Substring(0, 12));

    public string Feed => Path.Combine(Root, "feed");

    public string Consumer => Path.Combine(Root, "consumer");

    /// <summary>A project that only references the consumer (as a test project references an app).</summary>
    public string Transitive => Path.Combine(Root, "transitive");

    /// <summary>The consumer's own NuGet packages folder (NUGET_PACKAGES).</summary>
    public string Packages => Path.Combine(Root, "packages");

    public string PackagePath { get; private set; } = "";

    public string SymbolPackagePath { get; private set; } = "";

    public string Version { get; private set; } = "";

    /// <summary>The consumer's build output folder.</summary>
    public string Output => Path.Combine(Consumer, "bin", "Debug", "net10.0");

    /// <summary>Where the consumer's build wrote its SQL artifacts (the default $(OutDir)sql/).</summary>
    public string SqlFolder => Path.Combine(Output, "sql");

    public DotnetResult Pack { get; private set; } = null!;

    public DotnetResult Restore { get; private set; } = null!;

    public DotnetResult Build { get; private set; } = null!;

    /// <summary>The environment every consumer command runs with.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Consumer);

        Pack = await Dotnet.RunAsync(Repository.Root, new[]
        {
            "pack", Repository.Solution, "--no-build", "-c", Repository.Configuration, "-nodeReuse:false",
            "-p:PackageOutputPath=" + Feed + Path.DirectorySeparatorChar,
        });
        Require(Pack, "dotnet pack Pgx.Generators.sln --no-build");
        var packages = Directory.GetFiles(Feed, "*.nupkg");
        if (packages.Length != 1)
        {
            throw new InvalidOperationException("dotnet pack Pgx.Generators.sln made " + packages.Length + " packages, not one: " + string.Join(", ", packages.Select(Path.GetFileName)));
        }

        PackagePath = packages[0];
        SymbolPackagePath = Path.ChangeExtension(PackagePath, ".snupkg");
        Version = Path.GetFileNameWithoutExtension(PackagePath).Substring("Pgx.Generators.".Length);

        await WriteConsumerAsync();
        Restore = await Dotnet.RunAsync(Consumer, new[] { "restore", "-nodeReuse:false" }, Environment);
        Require(Restore, "dotnet restore (consumer)");
        Build = await BuildAsync();
        Require(Build, "dotnet build (consumer)");
    }

    /// <summary>`dotnet build --no-restore` of the consumer, with extra arguments.</summary>
    public Task<DotnetResult> BuildAsync(params string[] arguments) =>
        Dotnet.RunAsync(Consumer, new[] { "build", "--no-restore", "-nodeReuse:false" }.Concat(arguments), Environment);

    /// <summary>Runs the built consumer program.</summary>
    public Task<DotnetResult> RunConsumerAsync(params string[] arguments) =>
        Dotnet.RunAsync(Consumer, new[] { Path.Combine(Output, ConsumerProject.Name + ".dll") }.Concat(arguments), Environment);

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    private async Task WriteConsumerAsync()
    {
        var sources = await UpstreamSourcesAsync();
        var machinePackages = await MachinePackagesFolderAsync();
        var config = new StringBuilder();
        config.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n");
        config.Append("    <add key=\"pgx-local\" value=\"").Append(SecurityElement.Escape(Feed)).Append("\" />\n");
        for (var i = 0; i < sources.Count; i++)
        {
            config.Append("    <add key=\"upstream-").Append(i).Append("\" value=\"").Append(SecurityElement.Escape(sources[i])).Append("\" />\n");
        }

        config.Append("  </packageSources>\n");
        if (machinePackages is not null)
        {
            config.Append("  <fallbackPackageFolders>\n    <clear />\n    <add key=\"machine\" value=\"").Append(SecurityElement.Escape(machinePackages)).Append("\" />\n  </fallbackPackageFolders>\n");
        }

        config.Append("  <packageSourceMapping>\n    <clear />\n");
        config.Append("    <packageSource key=\"pgx-local\"><package pattern=\"Pgx.Generators\" /></packageSource>\n");
        for (var i = 0; i < sources.Count; i++)
        {
            config.Append("    <packageSource key=\"upstream-").Append(i).Append("\"><package pattern=\"*\" /></packageSource>\n");
        }

        config.Append("  </packageSourceMapping>\n</configuration>\n");

        // Empty Directory.Build.* stop MSBuild from picking up anything above the temp folder; global.json pins
        // the SDK this repository builds with.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.Copy(Path.Combine(Repository.Root, "global.json"), Path.Combine(Root, "global.json"));
        File.WriteAllText(Path.Combine(Root, "nuget.config"), config.ToString());
        File.WriteAllText(Path.Combine(Consumer, ConsumerProject.Name + ".csproj"), ConsumerProject.ProjectFile(Version));
        File.WriteAllText(Path.Combine(Consumer, "Models.cs"), ConsumerProject.Models);
        File.WriteAllText(Path.Combine(Consumer, "Seed.cs"), ConsumerProject.Seed);
        File.WriteAllText(Path.Combine(Consumer, "Program.cs"), ConsumerProject.Program);
        Directory.CreateDirectory(Path.Combine(Consumer, "Bad"));
        File.WriteAllText(Path.Combine(Consumer, "Bad", "Duplicate.cs"), ConsumerProject.BadModel);
        Directory.CreateDirectory(Transitive);
        File.WriteAllText(Path.Combine(Transitive, "Transitive.csproj"), ConsumerProject.TransitiveProjectFile);
        File.WriteAllText(Path.Combine(Transitive, "Uses.cs"), ConsumerProject.TransitiveUses);
    }

    /// <summary>The enabled package sources this repository restores from (`dotnet nuget list source`).</summary>
    private static async Task<IReadOnlyList<string>> UpstreamSourcesAsync()
    {
        var list = await Dotnet.RunAsync(Repository.Root, new[] { "nuget", "list", "source", "--format", "short" });
        Require(list, "dotnet nuget list source");
        return list.Output.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line.Substring(2).Trim())
            .ToList();
    }

    /// <summary>The machine's global packages folder (`dotnet nuget locals global-packages --list`).</summary>
    private static async Task<string?> MachinePackagesFolderAsync()
    {
        var list = await Dotnet.RunAsync(Repository.Root, new[] { "nuget", "locals", "global-packages", "--list" });
        Require(list, "dotnet nuget locals");
        const string prefix = "global-packages:";
        var line = list.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        var folder = line?.Substring(prefix.Length).Trim();
        return folder is not null && Directory.Exists(folder) ? folder : null;
    }

    private static void Require(DotnetResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(what + " failed: " + result);
        }
    }
}

/// <summary>The package tests share one packed package and one consumer; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "package";
}
