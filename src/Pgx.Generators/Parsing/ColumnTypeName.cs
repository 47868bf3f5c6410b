using System.Collections.Generic;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Parsing;

/// <summary>
/// Whether a <c>[PgColumn(Type = …)]</c> text is a PostgreSQL type name and nothing more. The text goes into the DDL
/// as written, so a trailing <c>GENERATED …</c>, <c>REFERENCES …</c>, <c>DEFAULT …</c>, a comment or a semicolon
/// would change the column or the script. Accepted, after PostgreSQL's grammar (<c>Typename</c> in gram.y):
/// <list type="bullet">
/// <item>the built-in types its grammar spells out, multi-word ones included: <c>double precision</c>,
/// <c>character varying(n)</c>, <c>bit varying(n)</c>, <c>numeric(p, s)</c>, <c>float(p)</c>,
/// <c>timestamp(p) with time zone</c>, <c>time … without time zone</c>, <c>interval day to second(p)</c> …;</item>
/// <item>any other type by name, optionally schema-qualified, each part a plain or a double-quoted identifier, with
/// optional modifiers: numbers or plain words, comma-separated, as in <c>geometry(Point, 4326)</c>;</item>
/// <item>then array bounds, <c>[]</c> or <c>[n]</c> repeated, or <c>ARRAY</c> / <c>ARRAY[n]</c>.</item>
/// </list>
/// </summary>
internal static class ColumnTypeName
{
    /// <summary>Whether <paramref name="text"/> is a type name as described on the class.</summary>
    public static bool IsValid(string text)
    {
        var tokens = Tokenize(text);
        if (tokens is null)
        {
            return false;
        }

        var reader = new Reader(tokens);
        return reader.BaseType() && reader.ArrayBounds() && reader.AtEnd;
    }

    private enum Kind
    {
        Word,
        Quoted,
        Number,
        Symbol,
    }

    private readonly record struct Token(Kind Kind, string Text);

    /// <summary>Words, quoted names, integers and <c>( ) , [ ] .</c>; null for any other character.</summary>
    private static List<Token>? Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i;
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }
            else if (c == '"')
            {
                var name = new System.Text.StringBuilder();
                for (i++; ; i++)
                {
                    if (i >= text.Length)
                    {
                        return null;
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            i++;
                        }
                        else
                        {
                            break;
                        }
                    }

                    name.Append(text[i]);
                }

                i++;
                if (name.Length == 0)
                {
                    return null;
                }

                tokens.Add(new Token(Kind.Quoted, name.ToString()));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Word, text.Substring(start, i - start).ToLowerInvariant()));
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                i++;
                while (i < text.Length && char.IsDigit(text[i]))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Number, text.Substring(start, i - start)));
            }
            else if (c is '(' or ')' or ',' or '[' or ']' or '.')
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString()));
                i++;
            }
            else
            {
                return null;
            }
        }

        return tokens;
    }

    /// <summary>Reads the tokens front to back; each method consumes what it matches and says whether it did.</summary>
    private sealed class Reader
    {
        private static readonly HashSet<string> IntervalFields = new() { "year", "month", "day", "hour", "minute", "second" };

        private readonly List<Token> _tokens;
        private int _next;

        public Reader(List<Token> tokens) => _tokens = tokens;

        public bool AtEnd => _next == _tokens.Count;

        private Token? Peek => _next < _tokens.Count ? _tokens[_next] : null;

        /// <summary>A built-in type the grammar spells out, or a type by name with optional modifiers.</summary>
        public bool BaseType()
        {
            if (Peek is not { Kind: Kind.Word } first)
            {
                return Name() && OptionalModifiers(int.MaxValue, allowWords: true);
            }

            switch (first.Text)
            {
                case "int" or "integer" or "smallint" or "bigint" or "real" or "boolean" or "json":
                    return Word(first.Text);
                case "double":
                    return Word("double") && Word("precision");
                case "float":
                    return Word("float") && OptionalModifiers(1);
                case "numeric" or "decimal" or "dec":
                    return Word(first.Text) && OptionalModifiers(2);
                case "varchar":
                    return Word("varchar") && OptionalModifiers(1);
                case "bit" or "character" or "char" or "nchar":
                    return Word(first.Text) && Varying();
                case "national":
                    return Word("national") && (Word("character") || Word("char")) && Varying();
                case "timestamp" or "time":
                    return Word(first.Text) && OptionalModifiers(1) && OptionalTimeZone();
                case "interval":
                    return Word("interval") && (Peek is { Text: "(" } ? OptionalModifiers(1) : OptionalIntervalFields());
                default:
                    // Other keywords the grammar does not allow as a type name: SETOF, SELECT, BETWEEN …
                    return !SqlKeywords.Reserved.Contains(first.Text) && !SqlKeywords.ColumnName.Contains(first.Text)
                        && Name() && OptionalModifiers(int.MaxValue, allowWords: true);
            }
        }

        /// <summary><c>[]</c>, <c>[n]</c> any number of times, or one <c>ARRAY</c> / <c>ARRAY[n]</c>; possibly none.</summary>
        public bool ArrayBounds()
        {
            if (Word("array"))
            {
                return !Symbol("[") || (Count() && Symbol("]"));
            }

            while (Symbol("["))
            {
                if (!Symbol("]") && !(Count() && Symbol("]")))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary><c>name</c> or <c>schema.name</c>, each part plain or quoted.</summary>
        private bool Name() => Identifier() && (!Symbol(".") || Identifier());

        private bool Identifier()
        {
            if (Peek is { Kind: Kind.Word or Kind.Quoted })
            {
                _next++;
                return true;
            }

            return false;
        }

        /// <summary><c>varying</c>, then an optional length.</summary>
        private bool Varying()
        {
            Word("varying");
            return OptionalModifiers(1);
        }

        private bool OptionalTimeZone() => !(Word("with") || Word("without")) || (Word("time") && Word("zone"));

        /// <summary>
        /// <c>year</c>, <c>year to month</c>, <c>day to second(p)</c> …: a field, optionally <c>to</c> a smaller one;
        /// <c>second</c> may carry a precision. Possibly none.
        /// </summary>
        private bool OptionalIntervalFields()
        {
            if (Peek is not { Kind: Kind.Word } first || !IntervalFields.Contains(first.Text))
            {
                return true;
            }

            _next++;
            if (first.Text == "second")
            {
                return OptionalModifiers(1);
            }

            if (!Word("to"))
            {
                return true;
            }

            var allowed = first.Text switch
            {
                "year" => new[] { "month" },
                "day" => new[] { "hour", "minute", "second" },
                "hour" => new[] { "minute", "second" },
                "minute" => new[] { "second" },
                _ => System.Array.Empty<string>(),
            };
            foreach (var last in allowed)
            {
                if (Word(last))
                {
                    return last != "second" || OptionalModifiers(1);
                }
            }

            return false;
        }

        /// <summary>
        /// Nothing, or <c>(m1, m2 …)</c> with 1 to <paramref name="most"/> modifiers: integers, and with
        /// <paramref name="allowWords"/> also plain words that are not reserved.
        /// </summary>
        private bool OptionalModifiers(int most, bool allowWords = false)
        {
            if (!Symbol("("))
            {
                return true;
            }

            var count = 0;
            do
            {
                if (Peek is { Kind: Kind.Number } || (allowWords && Peek is { Kind: Kind.Word } word && !SqlKeywords.Reserved.Contains(word.Text)))
                {
                    _next++;
                    count++;
                }
                else
                {
                    return false;
                }
            }
            while (Symbol(","));

            return count <= most && Symbol(")");
        }

        /// <summary>An array bound: an unsigned integer.</summary>
        private bool Count()
        {
            if (Peek is { Kind: Kind.Number } number && number.Text[0] != '-')
            {
                _next++;
                return true;
            }

            return false;
        }

        private bool Word(string word) => Take(Kind.Word, word);

        private bool Symbol(string symbol) => Take(Kind.Symbol, symbol);

        private bool Take(Kind kind, string text)
        {
            if (Peek is { } token && token.Kind == kind && token.Text == text)
            {
                _next++;
                return true;
            }

            return false;
        }
    }
}
