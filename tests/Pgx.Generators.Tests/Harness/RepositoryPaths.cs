using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Pgx.Generators.Tests.Harness;

/// <summary>
/// Where the repository is on disk, recorded at build time: deterministic CI builds map source paths to
/// <c>/_/</c>, so [CallerFilePath] cannot be used to find golden files or docs.
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root (the folder of Pgx.Generators.sln).</summary>
    public static string Root { get; } = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PgxRepositoryRoot").Value ?? throw new InvalidOperationException("PgxRepositoryRoot metadata missing");

    /// <summary>The golden files folder.</summary>
    public static string Snapshots => Path.Combine(Root, "tests", "Pgx.Generators.Tests", "Snapshots");
}
