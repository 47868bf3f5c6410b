using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Analyzers.Sql.Rules;

/// <summary>
/// PGX0107: an <c>UPDATE</c> that sets the partition-key column of a trigger-routed table. The routing trigger runs
/// on INSERT only, so the updated row stays in its child and fails that child's CHECK (23514) whenever the new value
/// belongs to another child.
/// </summary>
internal sealed class PartitionKeyUpdateOnTriggerRoutedTableRule : SqlRule
{
    /// <summary>Diagnostic property: the table, as PostgreSQL names it.</summary>
    public const string TableProperty = "Table";

    /// <summary>Diagnostic property: the partition-key column.</summary>
    public const string ColumnProperty = "Column";

    /// <inheritdoc/>
    public override DiagnosticDescriptor Descriptor => Descriptors.PartitionKeyUpdateOnTriggerRoutedTable;

    /// <inheritdoc/>
    public override bool CanFire(string sql, KnownTables tables) => MentionsAny(sql, "update");

    /// <inheritdoc/>
    public override void Analyze(SqlCallSite site)
    {
        foreach (var statement in site.Document.Statements)
        {
            foreach (var reference in statement.Tables)
            {
                if (reference.Role == SqlTableRole.UpdateTarget
                    && site.Tables.Find(reference.Name) is { IsTriggerRouted: true, Spec.Partitioning: { } partitioning } table
                    && Sets(site.Document, reference.EndToken, statement.EndToken, partitioning.KeyColumn))
                {
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(TableProperty, table.Qualified)
                        .Add(ColumnProperty, partitioning.KeyColumn);
                    site.Report(Descriptor, properties, table.Qualified, SqlText.Identifier(partitioning.KeyColumn), table.Origin);
                }
            }
        }
    }

    /// <summary>
    /// Whether the SET clause after an UPDATE target (from <paramref name="start"/>, up to its FROM, WHERE or
    /// RETURNING at the same nesting level) assigns <paramref name="column"/>: <c>SET c = …</c> or <c>SET (a, c) = …</c>.
    /// </summary>
    private static bool Sets(SqlDocument document, int start, int end, string column)
    {
        var tokens = document.Tokens;
        var i = start;
        while (i < end && !tokens[i].IsWord("set"))
        {
            i++;
        }

        var depth = 0;
        var expectColumn = true;
        for (i++; i < end; i++)
        {
            var token = tokens[i];
            if (token.Kind == SqlTokenKind.OpenParen)
            {
                depth++;
                continue;
            }

            if (token.Kind == SqlTokenKind.CloseParen)
            {
                depth--;
                continue;
            }

            if (depth == 0 && (token.IsWord("from") || token.IsWord("where") || token.IsWord("returning")))
            {
                return false;
            }

            if (token.Kind == SqlTokenKind.Operator && token.Value == "=" && depth == 0)
            {
                expectColumn = false;
            }
            else if (token.Kind == SqlTokenKind.Comma && depth == 0)
            {
                expectColumn = true;
            }
            else if (expectColumn && token.IsName && token.Value == column)
            {
                return true;
            }
        }

        return false;
    }
}
