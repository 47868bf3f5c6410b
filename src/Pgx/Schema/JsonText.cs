using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Pgx.Schema;

/// <summary>
/// A small JSON writer and reader for <see cref="SchemaModel"/>: System.Text.Json is not part of netstandard2.0, and
/// the generator and the build task must read and write the same text without a package. The writer is
/// deterministic (the caller decides the order, no whitespace choices left open); the reader returns plain values:
/// <see cref="Dictionary{TKey,TValue}"/> for objects, <see cref="List{T}"/> for arrays, string, double, bool or null.
/// </summary>
internal static class JsonText
{
    /// <summary>Appends <paramref name="value"/> as a JSON string.</summary>
    public static void WriteString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        json.Append('"');
    }

    /// <summary>Parses one JSON value; throws <see cref="FormatException"/> naming the offset on bad input.</summary>
    public static object? Parse(string text)
    {
        var reader = new Reader(text);
        var value = reader.Value();
        reader.SkipWhitespace();
        if (!reader.AtEnd)
        {
            throw reader.Error("unexpected text after the value");
        }

        return value;
    }

    private sealed class Reader
    {
        private readonly string _text;
        private int _at;

        public Reader(string text) => _text = text;

        public bool AtEnd => _at >= _text.Length;

        public FormatException Error(string what) => new("Invalid JSON at offset " + _at.ToString(CultureInfo.InvariantCulture) + ": " + what + ".");

        public void SkipWhitespace()
        {
            while (!AtEnd && _text[_at] is ' ' or '\t' or '\r' or '\n')
            {
                _at++;
            }
        }

        public object? Value()
        {
            SkipWhitespace();
            if (AtEnd)
            {
                throw Error("a value was expected");
            }

            switch (_text[_at])
            {
                case '{': return Object();
                case '[': return Array();
                case '"': return String();
                case 't': Word("true"); return true;
                case 'f': Word("false"); return false;
                case 'n': Word("null"); return null;
                default: return Number();
            }
        }

        private Dictionary<string, object?> Object()
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            _at++;
            SkipWhitespace();
            if (!AtEnd && _text[_at] == '}')
            {
                _at++;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                if (AtEnd || _text[_at] != '"')
                {
                    throw Error("a property name was expected");
                }

                var name = String();
                Expect(':');
                result[name] = Value();
                SkipWhitespace();
                if (!AtEnd && _text[_at] == ',')
                {
                    _at++;
                    continue;
                }

                Expect('}');
                return result;
            }
        }

        private List<object?> Array()
        {
            var result = new List<object?>();
            _at++;
            SkipWhitespace();
            if (!AtEnd && _text[_at] == ']')
            {
                _at++;
                return result;
            }

            while (true)
            {
                result.Add(Value());
                SkipWhitespace();
                if (!AtEnd && _text[_at] == ',')
                {
                    _at++;
                    continue;
                }

                Expect(']');
                return result;
            }
        }

        private string String()
        {
            var result = new StringBuilder();
            _at++;
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("the string is not closed");
                }

                var c = _text[_at++];
                if (c == '"')
                {
                    return result.ToString();
                }

                if (c != '\\')
                {
                    result.Append(c);
                    continue;
                }

                if (AtEnd)
                {
                    throw Error("the escape is not complete");
                }

                var escaped = _text[_at++];
                switch (escaped)
                {
                    case '"': case '\\': case '/': result.Append(escaped); break;
                    case 'n': result.Append('\n'); break;
                    case 'r': result.Append('\r'); break;
                    case 't': result.Append('\t'); break;
                    case 'b': result.Append('\b'); break;
                    case 'f': result.Append('\f'); break;
                    case 'u':
                        if (_at + 4 > _text.Length || !int.TryParse(_text.Substring(_at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw Error("a \\u escape needs four hex digits");
                        }

                        result.Append((char)code);
                        _at += 4;
                        break;
                    default: throw Error("unknown escape \\" + escaped);
                }
            }
        }

        private double Number()
        {
            var start = _at;
            while (!AtEnd && (char.IsDigit(_text[_at]) || _text[_at] is '-' or '+' or '.' or 'e' or 'E'))
            {
                _at++;
            }

            if (!double.TryParse(_text.Substring(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                _at = start;
                throw Error("a value was expected");
            }

            return number;
        }

        private void Word(string word)
        {
            if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0)
            {
                throw Error("a value was expected");
            }

            _at += word.Length;
        }

        private void Expect(char c)
        {
            SkipWhitespace();
            if (AtEnd || _text[_at] != c)
            {
                throw Error("'" + c + "' was expected");
            }

            _at++;
        }
    }
}
