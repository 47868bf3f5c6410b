using System.Collections.Generic;
using System.Text;

namespace Pgx.Generators.Sql;

/// <summary>Naming rules: snake_case for defaults, and PostgreSQL's 63-byte identifier limit.</summary>
internal static class Names
{
    /// <summary>PostgreSQL's NAMEDATALEN - 1: longer identifiers are silently truncated by the server.</summary>
    public const int MaxIdentifierBytes = 63;

    /// <summary>
    /// <c>OrderLine</c> → <c>order_line</c>, <c>HTTPStatus</c> → <c>http_status</c>, <c>Value2</c> → <c>value2</c>.
    /// An underscore goes before an upper-case letter that follows a lower-case letter or digit, or that starts
    /// a new word after an acronym.
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        // Every property of every record is named this way on every keystroke: one buffer per thread instead of a
        // StringBuilder and its chunk per name. At most one underscore goes before each character.
        var buffer = t_snakeCase is { } reused && reused.Length >= 2 * name.Length ? reused : t_snakeCase = new char[System.Math.Max(64, 2 * name.Length)];
        var length = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_')
                {
                    var previous = name[i - 1];
                    var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                    if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                    {
                        buffer[length++] = '_';
                    }
                }

                buffer[length++] = char.ToLowerInvariant(c);
            }
            else
            {
                buffer[length++] = c;
            }
        }

        return new string(buffer, 0, length);
    }

    [System.ThreadStatic]
    private static char[]? t_snakeCase;

    /// <summary>Whether PostgreSQL would truncate <paramref name="identifier"/>.</summary>
    public static bool IsTooLong(string identifier) => Encoding.UTF8.GetByteCount(identifier) > MaxIdentifierBytes;

    /// <summary>
    /// A name Pgx derives (<c>t1_pkey</c>, <c>t_id_seq</c> …). When the natural name would pass 63 bytes it is
    /// shortened and given a hash of the full name, so two long names never collide the way PostgreSQL's
    /// silent truncation would make them. Names the user writes are never shortened: those are a diagnostic.
    /// </summary>
    public static string Derived(string baseName, string suffix)
    {
        var full = baseName + suffix;
        if (!IsTooLong(full))
        {
            return full;
        }

        var hash = "_" + StableHash(full).ToString("x8");
        var budget = MaxIdentifierBytes - Encoding.UTF8.GetByteCount(suffix) - hash.Length;
        var prefix = new StringBuilder();
        var used = 0;
        for (var i = 0; i < baseName.Length; i++)
        {
            // Never split a surrogate pair: count and copy it as one character.
            var length = char.IsHighSurrogate(baseName[i]) && i + 1 < baseName.Length ? 2 : 1;
            var bytes = Encoding.UTF8.GetByteCount(baseName.Substring(i, length));
            if (used + bytes > budget)
            {
                break;
            }

            prefix.Append(baseName, i, length);
            used += bytes;
            i += length - 1;
        }

        return prefix + hash + suffix;
    }

    /// <summary>
    /// The name of an index Pgx names: <c>&lt;table&gt;_&lt;columns&gt;_idx</c>, <c>_key</c> when unique. A trigger-routed
    /// child's copy of an index is named the same way after the child.
    /// </summary>
    public static string Index(string table, IEnumerable<string> columns, bool unique) =>
        Derived(table + "_" + string.Join("_", columns), unique ? "_key" : "_idx");

    /// <summary>FNV-1a over UTF-16 code units: stable across processes and platforms (string.GetHashCode is not).</summary>
    public static uint StableHash(string text)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var ch in text)
            {
                hash = (hash ^ ch) * 16777619u;
            }

            return hash;
        }
    }
}
