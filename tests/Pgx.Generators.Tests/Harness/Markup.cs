using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Pgx.Generators.Tests.Harness;

/// <summary>
/// Test sources with expected diagnostics marked in place: <c>{|PGX0004:2|}</c> expects PGX0004 on "2".
/// </summary>
internal static class Markup
{
    /// <summary>An expected diagnostic.</summary>
    public readonly record struct Expected(string Id, TextSpan Span, string Text);

    /// <summary>Strips the markers from <paramref name="markup"/> and returns the clean source and the expectations.</summary>
    public static (string Source, List<Expected> Expected) Parse(string markup)
    {
        var source = new StringBuilder();
        var expected = new List<Expected>();
        var open = new Stack<(string Id, int Start)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                var colon = markup.IndexOf(':', i);
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon;
                continue;
            }

            if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                expected.Add(new Expected(id, TextSpan.FromBounds(start, source.Length), source.ToString(start, source.Length - start)));
                i++;
                continue;
            }

            source.Append(markup[i]);
        }

        return (source.ToString(), expected);
    }
}
