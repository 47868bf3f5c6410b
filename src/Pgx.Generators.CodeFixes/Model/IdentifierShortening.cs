using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// A shorter name for an identifier PostgreSQL would truncate: the longest words are cut a letter at a time
/// (never below three), so every word keeps its start and the name stays readable; a name still taken gets
/// <c>_2</c>, <c>_3</c> …. Deterministic: the same name and the same names in use give the same result.
/// </summary>
internal static class IdentifierShortening
{
    private const int MaxBytes = 63;
    private const int ShortestWord = 3;

    /// <summary>A name of at most 63 UTF-8 bytes for <paramref name="name"/>, not in <paramref name="taken"/>.</summary>
    public static string Shorten(string name, ISet<string> taken)
    {
        var words = name.Split('_').Select(Elements).ToList();
        while (Bytes(words) > MaxBytes)
        {
            var longest = -1;
            for (var i = 0; i < words.Count; i++)
            {
                if (words[i].Count > ShortestWord && (longest < 0 || words[i].Count >= words[longest].Count))
                {
                    longest = i;
                }
            }

            if (longest < 0)
            {
                break;
            }

            words[longest].RemoveAt(words[longest].Count - 1);
        }

        var shortened = Fit(string.Join("_", words.Select(w => string.Concat(w))), MaxBytes);
        var candidate = shortened;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
            candidate = Fit(shortened, MaxBytes - suffix.Length) + suffix;
        }

        return candidate;
    }

    /// <summary>The text elements (letters, surrogate pairs and combining marks kept whole) of a word.</summary>
    private static List<string> Elements(string word)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(word);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        return elements;
    }

    private static int Bytes(List<List<string>> words) =>
        words.Sum(w => w.Sum(e => Encoding.UTF8.GetByteCount(e))) + words.Count - 1;

    /// <summary>The longest prefix of <paramref name="text"/> of whole text elements within <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string Fit(string text, int bytes)
    {
        var result = new StringBuilder();
        var used = 0;
        foreach (var element in Elements(text))
        {
            used += Encoding.UTF8.GetByteCount(element);
            if (used > bytes)
            {
                break;
            }

            result.Append(element);
        }

        return result.ToString();
    }
}
