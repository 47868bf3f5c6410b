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
        // The parser asks this of every partition value's key column on every keystroke; most types have no modifier.
        if (pgType.IndexOf('(') < 0)
        {
            return Array.Empty<int>();
        }

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
        IsBaseTypeName(pgType)
            ? pgType
            : string.Join(" ", Modifiers.Replace(pgType, "").ToLowerInvariant().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));

    // Already what BaseTypeName makes of it (the default type names Pgx maps to all are): lower-case ASCII words
    // separated by single spaces, no modifier. Taken as it is, without a regex, a split and a join.
    private static bool IsBaseTypeName(string pgType)
    {
        if (pgType.Length == 0 || pgType[0] == ' ' || pgType[pgType.Length - 1] == ' ')
        {
            return false;
        }

        for (var i = 0; i < pgType.Length; i++)
        {
            var c = pgType[i];
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
            {
                continue;
            }

            if (c != ' ' || pgType[i - 1] == ' ')
            {
                return false;
            }
        }

        return true;
    }
}
