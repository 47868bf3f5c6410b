using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Pgx.PackageTests.Infrastructure;

/// <summary>Facts about the repository build this test assembly belongs to, recorded at build time.</summary>
internal static class Repository
{
    /// <summary>The repository root (the folder of Pgx.Generators.sln).</summary>
    public static string Root { get; } = Metadata("PgxRepositoryRoot");

    /// <summary>The configuration the solution was built in (what `dotnet pack --no-build` must pack).</summary>
    public static string Configuration { get; } = Metadata("PgxConfiguration");

    /// <summary>The solution file.</summary>
    public static string Solution => Path.Combine(Root, "Pgx.Generators.sln");

    /// <summary>Whether the code-fix project exists (then its assembly belongs in the package).</summary>
    public static bool HasCodeFixes => File.Exists(Path.Combine(Root, "src", "Pgx.Generators.CodeFixes", "Pgx.Generators.CodeFixes.csproj"));

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException(key + " metadata missing");
}
