namespace Pgx.Schema;

/// <summary>
/// What a column default costs when the column is added. Since PostgreSQL 11 a default that is the same for every row
/// is evaluated once and kept in the catalog (instant); a volatile one, such as <c>random()</c> or
/// <c>clock_timestamp()</c>, is computed for each row, which rewrites the table under an exclusive lock. Which
/// functions are volatile only the server knows, so any function call counts as one: at worst a plan warns of a
/// rewrite that does not happen (<c>now()</c> is stable), never the other way round.
/// </summary>
internal static class ColumnDefaults
{
    /// <summary>Whether <paramref name="expression"/> has a name followed by <c>(</c> outside quotes: a function call.</summary>
    public static bool CallsAFunction(string expression)
    {
        var afterName = false;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\'' || c == '"')
            {
                // A string or a quoted name, '' and "" included; a quoted name may be a function's.
                i = expression.IndexOf(c, i + 1);
                while (i >= 0 && i + 1 < expression.Length && expression[i + 1] == c)
                {
                    i = expression.IndexOf(c, i + 2);
                }

                if (i < 0)
                {
                    return false;
                }

                afterName = c == '"';
            }
            else if (c == '(')
            {
                if (afterName)
                {
                    return true;
                }
            }
            else if (!char.IsWhiteSpace(c))
            {
                afterName = char.IsLetterOrDigit(c) || c == '_' || c == '$';
            }
        }

        return false;
    }
}
