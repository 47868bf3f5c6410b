using System;
using System.Collections.Generic;
using System.Text;

namespace Pgx.Generators.Emit;

/// <summary>
/// Quoting for generated SQL. Identifiers are quoted exactly when PostgreSQL's <c>quote_ident</c> would
/// quote them; string literals are escaped so that no value can end the literal early, whatever
/// <c>standard_conforming_strings</c> says.
/// </summary>
internal static class SqlText
{
    // SELECT word FROM pg_get_keywords() WHERE catcode <> 'U' (PostgreSQL 15): the keywords quote_ident
    // quotes. Unreserved keywords are valid bare identifiers.
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
        "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check",
        "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
        "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc", "distinct",
        "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign",
        "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
        "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull",
        "join", "lateral", "leading", "least", "left", "like", "limit", "localtime", "localtimestamp",
        "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
        "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position",
        "precision", "primary", "real", "references", "returning", "right", "row", "select", "session_user",
        "setof", "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample", "then",
        "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using",
        "values", "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes",
        "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
        "xmlserialize", "xmltable",
    };

    /// <summary>
    /// <c>orders</c> stays <c>orders</c>; <c>Orders</c>, <c>order</c> and <c>a"b</c> become <c>"Orders"</c>,
    /// <c>"order"</c> and <c>"a""b"</c> — the same answer as PostgreSQL's <c>quote_ident</c>.
    /// </summary>
    public static string Identifier(string name)
    {
        if (IsBareIdentifier(name))
        {
            return name;
        }

        return "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    /// <summary><c>schema.name</c>, each part quoted when needed.</summary>
    public static string Qualified(string schema, string name) => Identifier(schema) + "." + Identifier(name);

    /// <summary>
    /// A string literal. Backslashes are escaped in an <c>E''</c> literal, so the text means the same with
    /// <c>standard_conforming_strings</c> on or off.
    /// </summary>
    public static string Literal(string value)
    {
        if (value.IndexOf('\\') < 0)
        {
            return "'" + value.Replace("'", "''") + "'";
        }

        return "E'" + value.Replace("\\", "\\\\").Replace("'", "''") + "'";
    }

    /// <summary>
    /// Text for a <c>--</c> comment: line breaks, which would end the comment and turn the rest of a quoted
    /// name into SQL, are written as <c>\n</c> / <c>\r</c>.
    /// </summary>
    public static string CommentText(string text) => text.Replace("\r", "\\r").Replace("\n", "\\n");

    /// <summary>A dollar-quote tag that does not occur in <paramref name="body"/>: <c>$pgx$</c>, else <c>$pgx1$</c> …</summary>
    public static string DollarTag(string body)
    {
        var tag = "$pgx$";
        for (var i = 1; body.IndexOf(tag, StringComparison.Ordinal) >= 0; i++)
        {
            tag = "$pgx" + i + "$";
        }

        return tag;
    }

    /// <summary>Joins quoted identifiers with ", ".</summary>
    public static string IdentifierList(IEnumerable<string> names)
    {
        var builder = new StringBuilder();
        foreach (var name in names)
        {
            if (builder.Length > 0)
            {
                builder.Append(", ");
            }

            builder.Append(Identifier(name));
        }

        return builder.ToString();
    }

    private static bool IsBareIdentifier(string name)
    {
        if (name.Length == 0 || !(name[0] is >= 'a' and <= 'z' || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c == '_'))
            {
                return false;
            }
        }

        return !Keywords.Contains(name);
    }
}
