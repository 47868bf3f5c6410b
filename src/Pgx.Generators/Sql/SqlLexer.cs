using System.Collections.Immutable;
using System.Text;

namespace Pgx.Generators.Sql;

/// <summary>
/// PostgreSQL's lexical rules (scan.l), enough to know for certain what is a keyword, a name, a string or a
/// comment: <c>"quoted"</c> identifiers with <c>""</c>, <c>'standard'</c> strings with <c>''</c>,
/// <c>E'…'</c> strings with backslash escapes, <c>$tag$…$tag$</c> strings, nested <c>/* */</c> and <c>--</c>
/// comments, numbers, operators, <c>::</c> and parameters (<c>$1</c>, <c>@p</c>, <c>:name</c>). A word inside a
/// string or comment never becomes a token of its own, which is what lets SQL rules ignore <c>'RETURNING'</c>.
/// Total: any text tokenizes (unterminated tokens run to the end and say so), nothing throws.
/// </summary>
internal static class SqlLexer
{
    private const string OperatorChars = "+-*/<>=~!@#%^&|`?";

    // An operator may end in + or - only if it contains one of these (scan.l), so "=-1" is "=" then "-1".
    private const string NonArithmeticOperatorChars = "~!@#%^&|`?";

    /// <summary>Every token of <paramref name="sql"/>, comments included when <paramref name="includeComments"/>.</summary>
    public static ImmutableArray<SqlToken> Tokenize(string sql, bool includeComments = false)
    {
        var tokens = ImmutableArray.CreateBuilder<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var token = Next(sql, i);
            if (includeComments || !token.IsComment)
            {
                tokens.Add(token);
            }

            i = token.End;
        }

        return tokens.ToImmutable();
    }

    private static SqlToken Next(string sql, int i)
    {
        var c = sql[i];
        var next = At(sql, i + 1);
        switch (c)
        {
            case '-' when next == '-':
                return LineComment(sql, i);
            case '/' when next == '*':
                return BlockComment(sql, i);
            case '\'':
                return QuotedString(sql, i, i, backslashEscapes: false);
            case '"':
                return QuotedIdentifier(sql, i, i);
            case '$':
                return Dollar(sql, i);
            case '(':
                return new SqlToken(SqlTokenKind.OpenParen, i, 1, "(");
            case ')':
                return new SqlToken(SqlTokenKind.CloseParen, i, 1, ")");
            case '[':
                return new SqlToken(SqlTokenKind.OpenBracket, i, 1, "[");
            case ']':
                return new SqlToken(SqlTokenKind.CloseBracket, i, 1, "]");
            case ',':
                return new SqlToken(SqlTokenKind.Comma, i, 1, ",");
            case ';':
                return new SqlToken(SqlTokenKind.Semicolon, i, 1, ";");
            case ':' when next == ':':
                return new SqlToken(SqlTokenKind.Cast, i, 2, "::");
            case ':' when IsIdentifierStart(next):
                return Parameter(sql, i);
            case ':':
                return new SqlToken(SqlTokenKind.Colon, i, 1, ":");
            case '@' when IsIdentifierStart(next):
                return Parameter(sql, i);
            case '.' when IsDigit(next):
                return Number(sql, i);
            case '.':
                return new SqlToken(SqlTokenKind.Dot, i, 1, ".");
        }

        if (IsDigit(c))
        {
            return Number(sql, i);
        }

        if (IsIdentifierStart(c))
        {
            return WordOrPrefixedString(sql, i);
        }

        if (OperatorChars.IndexOf(c) >= 0)
        {
            return Operator(sql, i);
        }

        return new SqlToken(SqlTokenKind.Unknown, i, 1, c.ToString());
    }

    private static SqlToken WordOrPrefixedString(string sql, int i)
    {
        var c = sql[i];
        var next = At(sql, i + 1);
        if (next == '\'')
        {
            switch (c)
            {
                case 'E' or 'e':
                    return QuotedString(sql, i, i + 1, backslashEscapes: true);
                case 'B' or 'b' or 'X' or 'x' or 'N' or 'n':
                    return QuotedString(sql, i, i + 1, backslashEscapes: false);
            }
        }

        if ((c == 'U' || c == 'u') && next == '&')
        {
            switch (At(sql, i + 2))
            {
                case '\'':
                    return QuotedString(sql, i, i + 2, backslashEscapes: false);
                case '"':
                    return QuotedIdentifier(sql, i, i + 2);
            }
        }

        var end = i + 1;
        while (end < sql.Length && IsIdentifierPart(sql[end]))
        {
            end++;
        }

        return new SqlToken(SqlTokenKind.Word, i, end - i, FoldCase(sql.Substring(i, end - i)));
    }

    /// <summary>A string from <paramref name="start"/> whose opening quote is at <paramref name="quote"/>.</summary>
    private static SqlToken QuotedString(string sql, int start, int quote, bool backslashEscapes)
    {
        var value = new StringBuilder();
        var i = quote + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'')
            {
                if (At(sql, i + 1) == '\'')
                {
                    value.Append('\'');
                    i += 2;
                    continue;
                }

                return new SqlToken(SqlTokenKind.String, start, i + 1 - start, value.ToString());
            }

            if (c == '\\' && backslashEscapes && i + 1 < sql.Length)
            {
                i = Unescape(sql, i, value);
                continue;
            }

            value.Append(c);
            i++;
        }

        return new SqlToken(SqlTokenKind.String, start, sql.Length - start, value.ToString(), IsTerminated: false);
    }

    /// <summary>One backslash escape of an E'' string at <paramref name="i"/>; returns the index after it.</summary>
    private static int Unescape(string sql, int i, StringBuilder value)
    {
        var e = sql[i + 1];
        switch (e)
        {
            case 'b': value.Append('\b'); return i + 2;
            case 'f': value.Append('\f'); return i + 2;
            case 'n': value.Append('\n'); return i + 2;
            case 'r': value.Append('\r'); return i + 2;
            case 't': value.Append('\t'); return i + 2;
            case 'x' when IsHex(At(sql, i + 2)):
                return AppendCode(sql, i + 2, 2, 16, value);
            case 'u' when IsHex(At(sql, i + 2)):
                return AppendCode(sql, i + 2, 4, 16, value);
            case 'U' when IsHex(At(sql, i + 2)):
                return AppendCode(sql, i + 2, 8, 16, value);
            case >= '0' and <= '7':
                return AppendCode(sql, i + 1, 3, 8, value);
            default:
                value.Append(e);
                return i + 2;
        }
    }

    private static int AppendCode(string sql, int start, int maxDigits, int radix, StringBuilder value)
    {
        var end = start;
        var code = 0;
        while (end < sql.Length && end - start < maxDigits && Digit(sql[end], radix) is var d && d >= 0)
        {
            code = code * radix + d;
            end++;
        }

        if (code is >= 0 and <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF))
        {
            value.Append(char.ConvertFromUtf32(code));
        }

        return end;
    }

    private static SqlToken QuotedIdentifier(string sql, int start, int quote)
    {
        var value = new StringBuilder();
        var i = quote + 1;
        while (i < sql.Length)
        {
            if (sql[i] == '"')
            {
                if (At(sql, i + 1) == '"')
                {
                    value.Append('"');
                    i += 2;
                    continue;
                }

                var name = value.ToString();
                return new SqlToken(SqlTokenKind.QuotedIdentifier, start, i + 1 - start, quote > start ? UnicodeEscapes(name) : name);
            }

            value.Append(sql[i]);
            i++;
        }

        return new SqlToken(SqlTokenKind.QuotedIdentifier, start, sql.Length - start, value.ToString(), IsTerminated: false);
    }

    /// <summary>U&amp;"d\0061t\+000061" → "data" (the default escape character; UESCAPE is rare enough to leave as written).</summary>
    private static string UnicodeEscapes(string text)
    {
        var value = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && At(text, i + 1) == '\\')
            {
                value.Append('\\');
                i++;
            }
            else if (text[i] == '\\' && At(text, i + 1) == '+' && AllHex(text, i + 2, 6))
            {
                i = AppendCode(text, i + 2, 6, 16, value) - 1;
            }
            else if (text[i] == '\\' && AllHex(text, i + 1, 4))
            {
                i = AppendCode(text, i + 1, 4, 16, value) - 1;
            }
            else
            {
                value.Append(text[i]);
            }
        }

        return value.ToString();
    }

    private static SqlToken Dollar(string sql, int i)
    {
        var next = At(sql, i + 1);
        if (IsDigit(next))
        {
            var end = i + 1;
            while (end < sql.Length && IsDigit(sql[end]))
            {
                end++;
            }

            return new SqlToken(SqlTokenKind.Parameter, i, end - i, sql.Substring(i, end - i));
        }

        // $tag$ where the tag is an identifier without '$', or empty.
        var tagEnd = i + 1;
        if (IsIdentifierStart(next))
        {
            tagEnd++;
            while (tagEnd < sql.Length && IsIdentifierPart(sql[tagEnd]) && sql[tagEnd] != '$')
            {
                tagEnd++;
            }
        }

        if (At(sql, tagEnd) != '$')
        {
            return new SqlToken(SqlTokenKind.Unknown, i, 1, "$");
        }

        var tag = sql.Substring(i, tagEnd + 1 - i);
        var bodyStart = tagEnd + 1;
        var close = sql.IndexOf(tag, bodyStart, System.StringComparison.Ordinal);
        if (close < 0)
        {
            return new SqlToken(SqlTokenKind.DollarString, i, sql.Length - i, sql.Substring(bodyStart), IsTerminated: false);
        }

        return new SqlToken(SqlTokenKind.DollarString, i, close + tag.Length - i, sql.Substring(bodyStart, close - bodyStart));
    }

    private static SqlToken Parameter(string sql, int i)
    {
        var end = i + 1;
        while (end < sql.Length && IsIdentifierPart(sql[end]))
        {
            end++;
        }

        return new SqlToken(SqlTokenKind.Parameter, i, end - i, sql.Substring(i, end - i));
    }

    private static SqlToken Number(string sql, int i)
    {
        var end = i;
        if (sql[i] == '0' && At(sql, i + 1) is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            var radix = At(sql, i + 1) is 'x' or 'X' ? 16 : At(sql, i + 1) is 'o' or 'O' ? 8 : 2;
            end = i + 2;
            while (end < sql.Length && (Digit(sql[end], radix) >= 0 || sql[end] == '_'))
            {
                end++;
            }

            return new SqlToken(SqlTokenKind.Number, i, end - i, sql.Substring(i, end - i));
        }

        end = Digits(sql, end);
        if (At(sql, end) == '.' && At(sql, end + 1) != '.')
        {
            end = Digits(sql, end + 1);
        }

        if (At(sql, end) is 'e' or 'E')
        {
            var exponent = end + 1;
            if (At(sql, exponent) is '+' or '-')
            {
                exponent++;
            }

            if (IsDigit(At(sql, exponent)))
            {
                end = Digits(sql, exponent);
            }
        }

        return new SqlToken(SqlTokenKind.Number, i, end - i, sql.Substring(i, end - i));
    }

    private static int Digits(string sql, int i)
    {
        while (i < sql.Length && (IsDigit(sql[i]) || sql[i] == '_' && IsDigit(At(sql, i + 1))))
        {
            i++;
        }

        return i;
    }

    private static SqlToken Operator(string sql, int i)
    {
        var end = i;
        while (end < sql.Length && OperatorChars.IndexOf(sql[end]) >= 0)
        {
            // A comment start ends the operator: "=--x" is "=" then a comment.
            if (end > i && (sql[end] == '-' && At(sql, end + 1) == '-' || sql[end] == '/' && At(sql, end + 1) == '*'))
            {
                break;
            }

            end++;
        }

        var length = end - i;
        if (length > 1)
        {
            var hasSpecial = false;
            for (var k = i; k < end; k++)
            {
                hasSpecial |= NonArithmeticOperatorChars.IndexOf(sql[k]) >= 0;
            }

            while (!hasSpecial && length > 1 && sql[i + length - 1] is '+' or '-')
            {
                length--;
            }
        }

        return new SqlToken(SqlTokenKind.Operator, i, length, sql.Substring(i, length));
    }

    private static SqlToken LineComment(string sql, int i)
    {
        var end = i + 2;
        while (end < sql.Length && sql[end] != '\n' && sql[end] != '\r')
        {
            end++;
        }

        return new SqlToken(SqlTokenKind.LineComment, i, end - i, sql.Substring(i, end - i));
    }

    private static SqlToken BlockComment(string sql, int i)
    {
        var depth = 0;
        var end = i;
        while (end < sql.Length)
        {
            if (sql[end] == '/' && At(sql, end + 1) == '*')
            {
                depth++;
                end += 2;
            }
            else if (sql[end] == '*' && At(sql, end + 1) == '/')
            {
                depth--;
                end += 2;
                if (depth == 0)
                {
                    return new SqlToken(SqlTokenKind.BlockComment, i, end - i, sql.Substring(i, end - i));
                }
            }
            else
            {
                end++;
            }
        }

        return new SqlToken(SqlTokenKind.BlockComment, i, sql.Length - i, sql.Substring(i), IsTerminated: false);
    }

    /// <summary>PostgreSQL folds unquoted names to lower case, ASCII letters only (downcase_identifier).</summary>
    public static string FoldCase(string word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            if (word[i] is >= 'A' and <= 'Z')
            {
                var chars = word.ToCharArray();
                for (var k = i; k < chars.Length; k++)
                {
                    if (chars[k] is >= 'A' and <= 'Z')
                    {
                        chars[k] = (char)(chars[k] + ('a' - 'A'));
                    }
                }

                return new string(chars);
            }
        }

        return word;
    }

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsHex(char c) => Digit(c, 16) >= 0;

    private static bool AllHex(string text, int start, int count)
    {
        if (start + count > text.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!IsHex(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int Digit(char c, int radix)
    {
        var d = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return d < radix ? d : -1;
    }

    /// <summary>A letter, '_' or any non-ASCII character (PostgreSQL accepts every high-bit byte in names).</summary>
    internal static bool IsIdentifierStart(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_' || c >= 0x80 && !char.IsWhiteSpace(c);

    internal static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c) || c == '$';
}
