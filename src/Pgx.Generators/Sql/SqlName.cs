using System.Collections.Generic;

namespace Pgx.Generators.Sql;

/// <summary>
/// A table (or sequence) name as PostgreSQL resolves it: unquoted parts folded to lower case, quoted parts
/// exact. <c>T</c>, <c>t</c> and <c>"t"</c> are one name; <c>"T"</c> is another. <see cref="Schema"/> is null
/// when the SQL did not qualify the name (the server's search_path decides).
/// </summary>
/// <param name="Schema">The schema, or null when unqualified.</param>
/// <param name="Name">The relation name.</param>
internal readonly record struct SqlName(string? Schema, string Name)
{
    /// <summary>Reads <c>name</c>, <c>schema.name</c> or <c>catalog.schema.name</c> starting at <paramref name="index"/>.</summary>
    /// <param name="tokens">Tokens without comments.</param>
    /// <param name="index">The first name part.</param>
    /// <param name="name">The name read.</param>
    /// <param name="next">The index after the name.</param>
    /// <returns>Whether a name starts at <paramref name="index"/>.</returns>
    public static bool TryRead(IReadOnlyList<SqlToken> tokens, int index, out SqlName name, out int next)
    {
        name = default;
        next = index;
        if (index >= tokens.Count || !tokens[index].IsName)
        {
            return false;
        }

        var parts = new List<string> { tokens[index].Value };
        next = index + 1;
        while (next + 1 < tokens.Count && tokens[next].Kind == SqlTokenKind.Dot && tokens[next + 1].IsName && parts.Count < 3)
        {
            parts.Add(tokens[next + 1].Value);
            next += 2;
        }

        name = parts.Count == 1 ? new SqlName(null, parts[0]) : new SqlName(parts[parts.Count - 2], parts[parts.Count - 1]);
        return true;
    }

    /// <summary>
    /// Parses a name written as PostgreSQL would read it, e.g. in <c>[assembly: TriggerRoutedTable("sales.Orders")]</c>
    /// (→ <c>sales.orders</c>) or <c>"Sales"."Orders"</c>. Null when the text is not exactly one name.
    /// </summary>
    public static SqlName? Parse(string text)
    {
        var tokens = SqlLexer.Tokenize(text);
        return TryRead(tokens, 0, out var name, out var next) && next == tokens.Length && tokens.Length > 0 && tokens[0].IsTerminated && tokens[tokens.Length - 1].IsTerminated
            ? name
            : null;
    }

    /// <summary>The name as SQL, each part quoted when needed.</summary>
    public override string ToString() => Schema is null ? SqlText.Identifier(Name) : SqlText.Qualified(Schema, Name);
}
