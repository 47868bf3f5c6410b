using System;
using System.Collections.Generic;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Tasks;

/// <summary>
/// Finds the psql variables a script interpolates (<c>:name</c>, <c>:'name'</c>, <c>:"name"</c>) with the
/// generator's own PostgreSQL lexer (linked in, not copied), so nothing inside string literals, quoted identifiers,
/// dollar-quoted bodies or comments is a variable, and <c>::</c> is a cast. So the header of an artifact names
/// exactly the <c>-v name=…</c> it needs.
/// </summary>
internal static class PsqlVariables
{
    /// <summary>The distinct variable names in <paramref name="sql"/>, in ordinal order.</summary>
    public static IReadOnlyList<string> Find(string sql)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var tokens = SqlLexer.Tokenize(sql);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.Kind == SqlTokenKind.Parameter && token.Value[0] == ':')
            {
                // The lexer's parameter may run on with '$'; psql's variable name stops there.
                var length = 1;
                while (length < token.Value.Length && IsVariableChar(token.Value[length]))
                {
                    length++;
                }

                names.Add(token.Value.Substring(1, length - 1));
            }
            else if (token.Kind == SqlTokenKind.Colon && i + 1 < tokens.Length && QuotedName(sql, tokens[i + 1], token.End) is { } name)
            {
                // :'name' and :"name". psql would substitute :1 too, but a digit-first name after a lone colon is an
                // array slice (a[1:2]) in practice, never a variable a script needs; the lexer leaves those as Colon.
                names.Add(name);
            }
        }

        return new List<string>(names);
    }

    /// <summary>The name in <c>'name'</c> or <c>"name"</c> right after the colon, or null when psql would not substitute.</summary>
    private static string? QuotedName(string sql, SqlToken token, int colonEnd)
    {
        var quoted = (token.Kind == SqlTokenKind.String && sql[token.Start] == '\'')
            || (token.Kind == SqlTokenKind.QuotedIdentifier && sql[token.Start] == '"');
        if (!quoted || token.Start != colonEnd || !token.IsTerminated || token.Value.Length == 0 || token.Length != token.Value.Length + 2)
        {
            return null;
        }

        foreach (var c in token.Value)
        {
            if (!IsVariableChar(c))
            {
                return null;
            }
        }

        return token.Value;
    }

    private static bool IsVariableChar(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= '\u0080' || (c >= '0' && c <= '9');
}
