using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Analyzers.Sql;
using Pgx.Generators.Emit;
using Pgx.Generators.Parsing.Sql;

namespace Pgx.Generators.Analyzers;

/// <summary>
/// PGX0101 and PGX0103: an <c>INSERT … RETURNING</c> or <c>INSERT … ON CONFLICT</c> into a trigger-routed parent,
/// wherever the SQL reaches PostgreSQL. The trigger returns NULL, so the parent never holds the row: RETURNING
/// yields nothing and the conflict target is never checked.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TriggerRoutedInsertAnalyzer : SqlRuleAnalyzer
{
    /// <summary>Diagnostic property: the table, as SQL.</summary>
    public const string TableProperty = "Table";

    /// <summary>Diagnostic property: the key column the table's sequence feeds, when the model is known.</summary>
    public const string KeyColumnProperty = "KeyColumn";

    /// <summary>Diagnostic property: the sequence, as SQL, when the model is known.</summary>
    public const string SequenceProperty = "Sequence";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.ReturningFromTriggerRoutedTable,
        Descriptors.OnConflictOnTriggerRoutedTable,
        Descriptors.InternalError);

    /// <inheritdoc/>
    internal override void Analyze(OperationAnalysisContext context, SqlCallSite site)
    {
        if (site.Sql.IndexOf("insert", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return;
        }

        KnownTables? tables = null;
        foreach (var statement in SqlDocument.Parse(site.Sql).Statements)
        {
            foreach (var insert in statement.Inserts)
            {
                if (!insert.HasReturning && !insert.HasOnConflict)
                {
                    continue;
                }

                tables ??= KnownTables.Of(context.Compilation, context.CancellationToken);
                if (tables.Find(insert.Target.Name) is not { IsTriggerRouted: true } table)
                {
                    continue;
                }

                var location = site.Expression.Syntax.GetLocation();
                if (insert.HasReturning)
                {
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(TableProperty, table.Qualified)
                        .Add(KeyColumnProperty, table.Spec?.Sequence?.ColumnName ?? "")
                        .Add(SequenceProperty, table.Spec?.Sequence is { } sequence ? SqlText.Qualified(sequence.Schema, sequence.Name) : "");
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.ReturningFromTriggerRoutedTable, location, properties, table.Qualified, table.Origin));
                }

                if (insert.HasOnConflict)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.OnConflictOnTriggerRoutedTable, location, table.Qualified, table.Origin));
                }
            }
        }
    }
}
