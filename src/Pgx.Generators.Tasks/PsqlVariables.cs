using System;
using System.Collections.Generic;

namespace Pgx.Generators.Tasks;

/// <summary>
/// Finds the psql variables a script interpolates (<c>:name</c>, <c>:'name'</c>, <c>:"name"</c>), lexing the
/// way psql does: nothing inside string literals, quoted identifiers, dollar-quoted bodies or comments is a
/// variable, and <c>::</c> is a cast. So the header of an artifact names exactly the <c>-v name=…</c> it needs.
/// </summary>
internal static class PsqlVariables
{
    /// <summary>The distinct variable names in <paramref name="sql"/>, in ordinal order.</summary>
    public static IReadOnlyList<string> Find(string sql)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && At(sql, i + 1) == '-')
            {
                i = SkipLineComment(sql, i);
            }
            else if (c == '/' && At(sql, i + 1) == '*')
            {
                i = SkipBlockComment(sql, i);
            }
            else if (c == '\'')
            {
                i = SkipQuoted(sql, i, '\'', backslashEscapes: false);
            }
            else if ((c == 'E' || c == 'e') && At(sql, i + 1) == '\'')
            {
                i = SkipQuoted(sql, i + 1, '\'', backslashEscapes: true);
            }
            else if (c == '"')
            {
                i = SkipQuoted(sql, i, '"', backslashEscapes: false);
            }
            else if (c == '$' && TryDollarTag(sql, i, out var tag))
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
            }
            else if (IsIdentifierStart(c))
            {
                // Identifiers may contain '$' (so "a$b$" is no dollar quote) and digits.
                i++;
                while (i < sql.Length && (IsIdentifierStart(sql[i]) || char.IsDigit(sql[i]) || sql[i] == '$'))
                {
                    i++;
                }
            }
            else if (c == ':' && At(sql, i + 1) == ':')
            {
                i += 2;
            }
            else if (c == ':')
            {
                i = ReadVariable(sql, i, names);
            }
            else
            {
                i++;
            }
        }

        return new List<string>(names);
    }

    private static int ReadVariable(string sql, int colon, SortedSet<string> names)
    {
        var next = At(sql, colon + 1);
        if (next == '\'' || next == '"')
        {
            var start = colon + 2;
            var end = start;
            while (end < sql.Length && IsVariableChar(sql[end]))
            {
                end++;
            }

            if (end > start && At(sql, end) == next)
            {
                names.Add(sql.Substring(start, end - start));
                return end + 1;
            }

            return colon + 1;
        }

        var nameEnd = colon + 1;
        while (nameEnd < sql.Length && IsVariableChar(sql[nameEnd]))
        {
            nameEnd++;
        }

        // psql would substitute :1 too, but a digit-first name is an array slice (a[1:2]) in practice, never a
        // variable a script needs.
        if (nameEnd > colon + 1 && !char.IsDigit(sql[colon + 1]))
        {
            names.Add(sql.Substring(colon + 1, nameEnd - colon - 1));
        }

        return Math.Max(nameEnd, colon + 1);
    }

    private static bool TryDollarTag(string sql, int start, out string tag)
    {
        tag = "";
        var i = start + 1;
        if (i < sql.Length && sql[i] != '$' && !IsIdentifierStart(sql[i]))
        {
            return false; // $1 is a parameter, not a dollar quote.
        }

        while (i < sql.Length && sql[i] != '$')
        {
            if (!IsIdentifierStart(sql[i]) && !char.IsDigit(sql[i]))
            {
                return false;
            }

            i++;
        }

        if (i >= sql.Length)
        {
            return false;
        }

        tag = sql.Substring(start, i - start + 1);
        return true;
    }

    private static int SkipLineComment(string sql, int start)
    {
        var end = sql.IndexOf('\n', start);
        return end < 0 ? sql.Length : end + 1;
    }

    private static int SkipBlockComment(string sql, int start)
    {
        var depth = 0;
        var i = start;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && At(sql, i + 1) == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && At(sql, i + 1) == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static int SkipQuoted(string sql, int open, char quote, bool backslashEscapes)
    {
        var i = open + 1;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == quote)
            {
                if (At(sql, i + 1) == quote)
                {
                    i += 2; // a doubled quote is part of the text
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    private static char At(string sql, int index) => index < sql.Length ? sql[index] : '\0';

    private static bool IsIdentifierStart(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= '\u0080';

    private static bool IsVariableChar(char c) => IsIdentifierStart(c) || (c >= '0' && c <= '9');
}
