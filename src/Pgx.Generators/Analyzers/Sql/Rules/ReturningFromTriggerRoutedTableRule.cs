using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Analyzers.Sql.Rules;

/// <summary>
/// PGX0101: an <c>INSERT … RETURNING</c> into a trigger-routed parent. The routing trigger returns NULL, so the
/// parent never holds the row and RETURNING yields nothing. The properties tell the code fix the table, the key
/// column and the sequence, so that it can take the key from <c>nextval()</c> first.
/// </summary>
internal sealed class ReturningFromTriggerRoutedTableRule : SqlRule
{
    /// <summary>Diagnostic property: the table, as SQL.</summary>
    public const string TableProperty = "Table";

    /// <summary>Diagnostic property: the key column the table's sequence feeds, when the model is known.</summary>
    public const string KeyColumnProperty = "KeyColumn";

    /// <summary>Diagnostic property: the sequence, as SQL, when the model is known.</summary>
    public const string SequenceProperty = "Sequence";

    /// <inheritdoc/>
    public override DiagnosticDescriptor Descriptor => Descriptors.ReturningFromTriggerRoutedTable;

    /// <inheritdoc/>
    public override bool CanFire(string sql, KnownTables tables) => MentionsAny(sql, "returning");

    /// <inheritdoc/>
    public override void Analyze(SqlCallSite site)
    {
        foreach (var (insert, table) in TriggerRoutedInserts.Of(site))
        {
            if (insert.HasReturning)
            {
                var sequence = table.Spec?.Sequence;
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(TableProperty, table.Qualified)
                    .Add(KeyColumnProperty, sequence?.ColumnName ?? "")
                    .Add(SequenceProperty, sequence is null ? "" : SqlText.Qualified(sequence.Schema, sequence.Name));
                site.Report(Descriptor, properties, table.Qualified, table.Origin);
            }
        }
    }
}
