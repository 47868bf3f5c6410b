using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace Pgx.Generators.Emit;

/// <summary>C# identifiers in generated code: keywords escaped, parameter names that do not collide.</summary>
internal static class CSharpNames
{
    /// <summary>
    /// <c>Value</c> stays <c>Value</c>; <c>class</c> becomes <c>@class</c>, and so does <c>await</c>, the one
    /// contextual keyword that cannot name a parameter or local in an async method.
    /// </summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || name == "await" ? "@" + name : name;

    /// <summary>A dotted name (a namespace) with each part escaped.</summary>
    public static string Dotted(string name) => string.Join(".", name.Split('.').Select(Identifier));

    /// <summary>
    /// Parameter names for <paramref name="propertyNames"/>: camelCase, escaped when a keyword, and suffixed
    /// until they collide neither with each other nor with <paramref name="reserved"/> (the method's locals).
    /// </summary>
    public static List<string> Parameters(IEnumerable<string> propertyNames, ICollection<string> reserved)
    {
        var taken = new HashSet<string>(reserved, System.StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var property in propertyNames)
        {
            var name = property.Length == 0 ? "value" : char.ToLowerInvariant(property[0]) + property.Substring(1);
            var candidate = name;
            for (var i = 2; taken.Contains(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            taken.Add(candidate);
            names.Add(Identifier(candidate));
        }

        return names;
    }

    /// <summary>
    /// Text for one line of a <c>//</c> or <c>///</c> comment: a line break (C# counts U+0085, U+2028 and U+2029
    /// too), possible inside a quoted name, would end the comment and turn the rest of the line into code.
    /// </summary>
    public static string CommentLine(string text) =>
        new string(text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c).ToArray());

    /// <summary>A C# string literal of <paramref name="text"/>.</summary>
    public static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
}
