using System;
using Microsoft.CodeAnalysis;

namespace Pgx.Generators.Analyzers.Sql;

/// <summary>
/// One diagnostic about SQL on its way to PostgreSQL. <see cref="SqlAnalyzer"/> finds the call, evaluates and
/// parses its SQL once and hands the result to each rule that <see cref="CanFire"/> on it; a rule only reads the
/// parsed SQL and reports. A rule that throws becomes PGX0999 at the call.
/// </summary>
internal abstract class SqlRule
{
    /// <summary>The diagnostic the rule reports.</summary>
    public abstract DiagnosticDescriptor Descriptor { get; }

    /// <summary>
    /// Whether the rule could report anything on <paramref name="sql"/>: a cheap test of the text and of which
    /// tables the compilation knows, so that SQL no rule can fire on is never parsed.
    /// </summary>
    public abstract bool CanFire(string sql, KnownTables tables);

    /// <summary>Reads the SQL of <paramref name="site"/> and reports what is wrong with it.</summary>
    public abstract void Analyze(SqlCallSite site);

    /// <summary>Whether <paramref name="sql"/> contains any of <paramref name="words"/>, in any case.</summary>
    protected static bool MentionsAny(string sql, params string[] words)
    {
        foreach (var word in words)
        {
            if (sql.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
