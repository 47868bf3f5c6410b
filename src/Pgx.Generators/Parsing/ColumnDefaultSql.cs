using Pgx.Generators.Sql;

namespace Pgx.Generators.Parsing;

/// <summary>
/// Whether a <c>[PgColumn(DefaultSql = …)]</c> text is one SQL expression. It goes into the DDL as written (in
/// parentheses, so nothing after it can become a constraint of the column), so it must not end the statement
/// (<c>;</c>), hide text in a comment, close a parenthesis it did not open, or leave a string unterminated; and an
/// empty default says nothing.
/// </summary>
internal static class ColumnDefaultSql
{
    /// <summary>Whether <paramref name="text"/> is a non-empty expression as described on the class.</summary>
    public static bool IsValid(string text)
    {
        var tokens = SqlLexer.Tokenize(text, includeComments: true);
        if (tokens.IsEmpty)
        {
            return false;
        }

        var depth = 0;
        foreach (var token in tokens)
        {
            if (!token.IsTerminated || token.IsComment || token.Kind is SqlTokenKind.Semicolon or SqlTokenKind.Parameter or SqlTokenKind.Unknown)
            {
                return false;
            }

            depth += token.Kind switch
            {
                SqlTokenKind.OpenParen or SqlTokenKind.OpenBracket => 1,
                SqlTokenKind.CloseParen or SqlTokenKind.CloseBracket => -1,
                _ => 0,
            };
            if (depth < 0)
            {
                return false;
            }
        }

        return depth == 0;
    }
}
