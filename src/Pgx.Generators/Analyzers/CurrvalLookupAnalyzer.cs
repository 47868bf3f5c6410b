using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Analyzers.Sql;
using Pgx.Generators.Parsing.Sql;

namespace Pgx.Generators.Analyzers;

/// <summary>
/// PGX0102: <c>currval()</c> compared in a WHERE (or JOIN … ON) condition on a partitioned table, trigger-routed or
/// declarative. currval is volatile, so the planner can neither use the key's index nor prune partitions: the
/// lookup scans every partition.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CurrvalLookupAnalyzer : SqlRuleAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.CurrvalLookupOnPartitionedTable,
        Descriptors.InternalError);

    /// <inheritdoc/>
    internal override void Analyze(OperationAnalysisContext context, SqlCallSite site)
    {
        if (site.Sql.IndexOf("currval", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return;
        }

        KnownTables? tables = null;
        foreach (var statement in SqlDocument.Parse(site.Sql).Statements)
        {
            foreach (var comparison in statement.CurrvalComparisons)
            {
                tables ??= KnownTables.Of(context.Compilation, context.CancellationToken);
                foreach (var reference in comparison.Tables)
                {
                    if (tables.Find(reference.Name) is { } table)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CurrvalLookupOnPartitionedTable, site.Expression.Syntax.GetLocation(), table.Qualified, table.Origin));
                        break;
                    }
                }
            }
        }
    }
}
