using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace Pgx.Generators.Tasks.Migrations;

/// <summary>
/// The versioned migrations folder (Flyway and Evolve naming: <c>V&lt;version&gt;__&lt;Name&gt;.sql</c>) and the
/// snapshot of the model the last migration brought the database to.
/// </summary>
internal static class MigrationFolder
{
    /// <summary>The snapshot's file name in the migrations folder.</summary>
    public const string SnapshotFileName = "pgx.snapshot.json";

    /// <summary>The longest migration name accepted (file names stay well under every file system's limit).</summary>
    public const int MaxNameLength = 100;

    private static readonly Regex VersionedFile = new(@"^V(?<major>[0-9]+)(\.[0-9]+)*__.+\.sql$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex ValidName = new("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Why <paramref name="name"/> cannot name a migration, or null when it can: a letter, then letters, digits or
    /// underscores (so it is one word in a file name, in a shell and in every migration tool), no double underscore
    /// (Flyway's and Evolve's separator), at most <see cref="MaxNameLength"/> characters.
    /// </summary>
    public static string? WhyInvalid(string name)
    {
        if (name.Length > MaxNameLength)
        {
            return "it is longer than " + MaxNameLength.ToString(CultureInfo.InvariantCulture) + " characters";
        }

        if (!ValidName.IsMatch(name))
        {
            return "a migration name starts with a letter and holds only letters, digits and underscores";
        }

        return name.Contains("__") ? "a double underscore separates version and name in Flyway and Evolve file names" : null;
    }

    /// <summary>The highest major version among the <c>V…__*.sql</c> files in <paramref name="folder"/>, or 0.</summary>
    public static long HighestVersion(string folder)
    {
        long highest = 0;
        if (!Directory.Exists(folder))
        {
            return highest;
        }

        foreach (var path in Directory.GetFiles(folder, "*.sql"))
        {
            var match = VersionedFile.Match(Path.GetFileName(path));
            if (match.Success && long.TryParse(match.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                highest = Math.Max(highest, version);
            }
        }

        return highest;
    }

    /// <summary>
    /// The file name of part <paramref name="part"/> (0 for the first) of migration <paramref name="version"/>:
    /// <c>V0002__AddEmail.sql</c>, then <c>V0002.1__AddEmail.sql</c>, <c>V0002.2__AddEmail.sql</c>. Both tools order
    /// dotted versions numerically, so the parts run in order and before <c>V0003</c>.
    /// </summary>
    public static string FileName(long version, int part, string name) =>
        "V" + version.ToString("D4", CultureInfo.InvariantCulture)
        + (part == 0 ? "" : "." + part.ToString(CultureInfo.InvariantCulture))
        + "__" + name + ".sql";

    /// <summary>Every versioned migration file in <paramref name="folder"/>, in the order the tools apply them.</summary>
    public static IReadOnlyList<string> VersionedFiles(string folder)
    {
        var files = new List<(decimal[] Version, string Path)>();
        foreach (var path in Directory.GetFiles(folder, "V*.sql"))
        {
            var file = Path.GetFileName(path);
            if (VersionedFile.IsMatch(file))
            {
                var version = file.Substring(1, file.IndexOf("__", StringComparison.Ordinal) - 1).Split('.');
                files.Add((Array.ConvertAll(version, v => decimal.Parse(v, CultureInfo.InvariantCulture)), path));
            }
        }

        files.Sort((a, b) => Compare(a.Version, b.Version));
        return files.ConvertAll(f => f.Path);
    }

    private static int Compare(decimal[] a, decimal[] b)
    {
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var order = (i < a.Length ? a[i] : 0).CompareTo(i < b.Length ? b[i] : 0);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }
}
