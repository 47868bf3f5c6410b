using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.Analyzers.Sql.Rules;

/// <summary>
/// PGX0102: <c>currval()</c> compared in a WHERE (or JOIN … ON) condition on a partitioned table, trigger-routed or
/// declarative. currval is volatile, so the planner can neither use the key's index nor prune partitions: the
/// lookup scans every partition.
/// </summary>
internal sealed class CurrvalLookupOnPartitionedTableRule : SqlRule
{
    /// <inheritdoc/>
    public override DiagnosticDescriptor Descriptor => Descriptors.CurrvalLookupOnPartitionedTable;

    /// <inheritdoc/>
    public override bool CanFire(string sql, KnownTables tables) => MentionsAny(sql, "currval");

    /// <inheritdoc/>
    public override void Analyze(SqlCallSite site)
    {
        foreach (var statement in site.Document.Statements)
        {
            foreach (var comparison in statement.CurrvalComparisons)
            {
                foreach (var reference in comparison.Tables)
                {
                    if (site.Tables.Find(reference.Name) is { } table)
                    {
                        site.Report(Descriptor, table.Qualified, table.Origin);
                        break;
                    }
                }
            }
        }
    }
}
