using System;
using System.Collections.Generic;

namespace Pgx.Schema;

/// <summary>
/// A type name in the spelling PostgreSQL's <c>format_type()</c> prints, so a model's types compare with a catalog's
/// as text: <c>int4</c> → <c>integer</c>, <c>timestamptz</c> → <c>timestamp with time zone</c>,
/// <c>varchar(20)</c> → <c>character varying(20)</c>, <c>numeric(12, 2)</c> → <c>numeric(12,2)</c>. Names it does not
/// know (domains, extension types) are kept as written, lower-cased outside double quotes.
/// </summary>
internal static class PgTypeSpelling
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["int2"] = "smallint",
        ["int"] = "integer",
        ["int4"] = "integer",
        ["int8"] = "bigint",
        ["bool"] = "boolean",
        ["float8"] = "double precision",
        ["float"] = "double precision",
        ["float4"] = "real",
        ["decimal"] = "numeric",
        ["varchar"] = "character varying",
        ["char varying"] = "character varying",
        ["char"] = "character",
        ["bpchar"] = "character",
        ["varbit"] = "bit varying",
        ["timestamptz"] = "timestamp with time zone",
        ["timetz"] = "time with time zone",
        ["timestamp"] = "timestamp without time zone",
        ["time"] = "time without time zone",
        ["timestamp without time zone"] = "timestamp without time zone",
        ["time without time zone"] = "time without time zone",
    };

    /// <summary>The <c>format_type()</c> spelling of <paramref name="type"/>.</summary>
    public static string Normalize(string type)
    {
        var text = Lower(type.Trim());
        var arrays = "";
        while (text.EndsWith("]", StringComparison.Ordinal))
        {
            var open = text.LastIndexOf('[');
            if (open < 0)
            {
                break;
            }

            arrays += "[]";
            text = text.Substring(0, open).TrimEnd();
        }

        var modifiers = "";
        var zone = "";
        foreach (var suffix in new[] { " with time zone", " without time zone" })
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                zone = suffix;
                text = text.Substring(0, text.Length - suffix.Length).TrimEnd();
            }
        }

        var paren = text.IndexOf('(');
        if (paren > 0 && text.EndsWith(")", StringComparison.Ordinal))
        {
            modifiers = "(" + text.Substring(paren + 1, text.Length - paren - 2).Replace(" ", "") + ")";
            text = text.Substring(0, paren).TrimEnd();
        }

        text = string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
        if (zone.Length > 0)
        {
            text = text switch { "timestamptz" or "timestamp" => "timestamp", "timetz" or "time" => "time", _ => text };
        }
        else if (Aliases.TryGetValue(text, out var canonical))
        {
            text = canonical;
        }

        if (text == "character" && modifiers.Length == 0)
        {
            modifiers = "(1)";
        }

        if (text == "double precision" && modifiers.Length > 0)
        {
            // float(p): 1-24 is real, 25-53 double precision.
            text = int.TryParse(modifiers.Trim('(', ')'), out var p) && p <= 24 ? "real" : "double precision";
            modifiers = "";
        }

        // format_type puts a time type's precision before the zone: timestamp(3) with time zone.
        var (name, tail) = SplitZone(text);
        return name + modifiers + (zone.Length > 0 ? zone : tail) + arrays;
    }

    private static (string Name, string Zone) SplitZone(string text)
    {
        foreach (var suffix in new[] { " with time zone", " without time zone" })
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (text.Substring(0, text.Length - suffix.Length), suffix);
            }
        }

        return (text, "");
    }

    private static string Lower(string text)
    {
        var chars = text.ToCharArray();
        var quoted = false;
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                chars[i] = char.ToLowerInvariant(chars[i]);
            }
        }

        return new string(chars);
    }
}
