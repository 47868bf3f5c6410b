using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Quickstart;

/// <summary>How the walkthrough prints: headings, indented code, and excerpts of real source and generated SQL.</summary>
internal static class Screen
{
    private const string Indent = "    ";

    public static void Heading(string text)
    {
        Console.WriteLine();
        Console.WriteLine(text);
        Console.WriteLine(new string('-', text.Length));
    }

    /// <summary>Text indented as code (each line of it).</summary>
    public static void Code(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Console.WriteLine(Indent + line);
        }
    }

    /// <summary>
    /// The declaration of <paramref name="typeName"/> in Models.cs (compiled into this program as a resource, so
    /// what is printed is what was compiled): its attributes and the record line.
    /// </summary>
    public static void Declaration(string typeName)
    {
        var lines = ModelsSource();
        var record = Array.FindIndex(lines, l => l.StartsWith("public sealed record " + typeName + "(", StringComparison.Ordinal));
        var start = record;
        while (start > 0 && lines[start - 1].StartsWith('['))
        {
            start--;
        }

        Code(string.Join('\n', lines[start..(record + 1)]));
    }

    /// <summary>The assembly attribute that names <paramref name="attributeName"/> in Models.cs.</summary>
    public static void AssemblyAttribute(string attributeName) =>
        Code(ModelsSource().Single(l => l.StartsWith("[assembly: " + attributeName + "(", StringComparison.Ordinal)));

    /// <summary>
    /// The lines of <paramref name="sql"/> that match <paramref name="keep"/>, with "..." where lines were left out:
    /// generated SQL, shortened but verbatim.
    /// </summary>
    public static void Excerpt(string sql, Regex keep)
    {
        var skipped = false;
        foreach (var line in sql.TrimEnd('\n').Split('\n'))
        {
            if (keep.IsMatch(line))
            {
                Console.WriteLine(Indent + line);
                skipped = false;
            }
            else if (!skipped)
            {
                Console.WriteLine(Indent + "...");
                skipped = true;
            }
        }
    }

    /// <summary>The section of PgxSchema.Sql for one table: from its "-- schema.name (" comment to the next one.</summary>
    public static string TableSection(string sql, string qualifiedName)
    {
        var lines = sql.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("-- " + qualifiedName + " (", StringComparison.Ordinal));
        if (start < 0)
        {
            return "";
        }

        var end = Array.FindIndex(lines, start + 1, l => Regex.IsMatch(l, @"^-- [^ ]+\.[^ ]+ \("));
        return string.Join('\n', lines[start..(end < 0 ? lines.Length : end)]);
    }

    /// <summary>A path relative to the current directory when it is below it (as a user would type it).</summary>
    public static string ShortPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    /// <summary>Lists items as "a, b, c".</summary>
    public static string List<T>(IEnumerable<T> items) => string.Join(", ", items);

    private static string[] ModelsSource()
    {
        using var stream = typeof(Screen).Assembly.GetManifestResourceStream("Models.cs")
            ?? throw new InvalidOperationException("Models.cs is not embedded (see Quickstart.csproj)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n").Split('\n');
    }
}
