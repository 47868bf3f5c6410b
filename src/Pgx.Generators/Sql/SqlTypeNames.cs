using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Pgx.Generators.Sql;

/// <summary>The parts of a PostgreSQL type name: its base name and its modifier numbers.</summary>
internal static class SqlTypeNames
{
    private static readonly Regex Modifiers = new(@"\s*\([^)]*\)", RegexOptions.CultureInvariant);

    /// <summary>The numbers of a type's modifier: <c>numeric(10,2)</c> → 10, 2; <c>timestamp(3) with time zone</c> → 3; <c>text</c> → none.</summary>
    public static IReadOnlyList<int> TypeModifiers(string pgType)
    {
        var numbers = new List<int>();
        var match = Modifiers.Match(pgType);
        foreach (var part in match.Success ? match.Value.Trim().Trim('(', ')').Split(',') : Array.Empty<string>())
        {
            if (int.TryParse(part.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                numbers.Add(number);
            }
        }

        return numbers;
    }

    /// <summary><c>numeric(12,2)</c> → <c>numeric</c>; <c>Timestamp(3) With Time Zone</c> → <c>timestamp with time zone</c>.</summary>
    public static string BaseTypeName(string pgType) =>
        string.Join(" ", Modifiers.Replace(pgType, "").ToLowerInvariant().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));
}
