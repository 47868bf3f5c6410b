using System.Collections.Generic;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Analyzers.Sql.Rules;

/// <summary>What PGX0101 and PGX0103 both read: the INSERTs into trigger-routed tables.</summary>
internal static class TriggerRoutedInserts
{
    /// <summary>Every INSERT of <paramref name="site"/>'s SQL whose target is a trigger-routed table, with that table.</summary>
    public static IEnumerable<(SqlInsert Insert, KnownPartitionedTable Table)> Of(SqlCallSite site)
    {
        foreach (var statement in site.Document.Statements)
        {
            foreach (var insert in statement.Inserts)
            {
                if (site.Tables.Find(insert.Target.Name) is { IsTriggerRouted: true } table)
                {
                    yield return (insert, table);
                }
            }
        }
    }
}
