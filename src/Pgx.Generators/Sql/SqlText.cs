using System;
using System.Collections.Generic;
using System.Text;

namespace Pgx.Generators.Sql;

/// <summary>
/// Quoting for generated SQL. Identifiers are quoted exactly when <c>quote_ident</c> of some PostgreSQL from 14
/// to 17 would quote them (<see cref="SqlKeywords"/>), so a script reads the same on each; string literals are
/// escaped so that no value can end the literal early, whatever <c>standard_conforming_strings</c> says.
/// </summary>
internal static class SqlText
{
    /// <summary>
    /// <c>orders</c> stays <c>orders</c>; <c>Orders</c>, <c>order</c> and <c>a"b</c> become <c>"Orders"</c>,
    /// <c>"order"</c> and <c>"a""b"</c> — <c>quote_ident</c>'s answer, and <c>system_user</c> (a keyword from
    /// PostgreSQL 16) becomes <c>"system_user"</c> on every version.
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

        return !SqlKeywords.NeedsQuoting(name);
    }
}
