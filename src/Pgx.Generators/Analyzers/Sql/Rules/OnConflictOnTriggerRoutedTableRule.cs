using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.Analyzers.Sql.Rules;

/// <summary>
/// PGX0103: an <c>INSERT … ON CONFLICT</c> into a trigger-routed parent. The routing trigger sends the row to a
/// child and returns NULL, so the parent never holds it and its conflict target is never checked.
/// </summary>
internal sealed class OnConflictOnTriggerRoutedTableRule : SqlRule
{
    /// <summary>Diagnostic property: the table, as PostgreSQL names it (for the code fix to UpsertAsync).</summary>
    public const string TableProperty = "Table";

    /// <inheritdoc/>
    public override DiagnosticDescriptor Descriptor => Descriptors.OnConflictOnTriggerRoutedTable;

    /// <inheritdoc/>
    public override bool CanFire(string sql, KnownTables tables) => MentionsAny(sql, "conflict");

    /// <inheritdoc/>
    public override void Analyze(SqlCallSite site)
    {
        foreach (var (insert, table) in TriggerRoutedInserts.Of(site))
        {
            if (insert.HasOnConflict)
            {
                site.Report(Descriptor, ImmutableDictionary<string, string?>.Empty.Add(TableProperty, table.Qualified), table.Qualified, table.Origin);
            }
        }
    }
}
