using System;
using System.IO;

namespace Pgx.Generators.Tests.Harness;

/// <summary>
/// Golden files: every change to generated output shows up in review as a diff of Snapshots/*. A mismatch
/// writes <c>*.received.*</c> beside the golden file and fails; set <c>PGX_ACCEPT_SNAPSHOTS=1</c> to accept.
/// </summary>
internal static class Snapshot
{
    /// <summary>Compares <paramref name="actual"/> with <c>Snapshots/<paramref name="name"/></c>.</summary>
    public static void Match(string name, string actual)
    {
        var directory = RepositoryPaths.Snapshots;
        var expectedPath = Path.Combine(directory, name);
        var receivedPath = Path.Combine(directory, Path.GetFileNameWithoutExtension(name) + ".received" + Path.GetExtension(name));
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("PGX_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(expectedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        throw new Xunit.Sdk.XunitException(expected is null
            ? $"No snapshot {expectedPath} yet; review {receivedPath} and rerun with PGX_ACCEPT_SNAPSHOTS=1."
            : $"Generated output differs from {expectedPath}; see {receivedPath} (diff them), and rerun with PGX_ACCEPT_SNAPSHOTS=1 if the change is intended.");
    }
}
