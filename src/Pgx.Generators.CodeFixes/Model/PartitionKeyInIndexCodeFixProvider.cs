using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// PGX0021 and PGX0025: adds the partition key to the unique <c>[PgIndex]</c>, after its other properties:
/// <c>[PgIndex(nameof(Email), Unique = true)]</c> becomes <c>[PgIndex(nameof(Email), nameof(P), Unique = true)]</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PartitionKeyInIndexCodeFixProvider))]
public sealed class PartitionKeyInIndexCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key for a declaratively partitioned table (PGX0021).</summary>
    public const string DeclarativeKey = "PGX0021.AddPartitionKey";

    /// <summary>Equivalence key for a trigger-routed table (PGX0025).</summary>
    public const string TriggerRoutedKey = "PGX0025.AddPartitionKey";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.UniqueIndexWithoutPartitionKey, RuleIds.TriggerRoutedUniqueIndex);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.AttributeAt(editor, diagnostic.Location) is not { } index
            || ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is not { } record
            || ModelSyntax.PartitionKey(record.Type) is not { } key)
        {
            yield break;
        }

        var position = ModelSyntax.Positional(index).Count;
        yield return new ModelEdit(
            "Add the partition key " + key.Name + " to the unique index",
            diagnostic.Id == RuleIds.UniqueIndexWithoutPartitionKey ? DeclarativeKey : TriggerRoutedKey,
            e => e.ReplaceNode(index, (current, _) => ModelSyntax.InsertArgument((AttributeSyntax)current, position, ModelSyntax.Nameof(key.Name))));
    }
}
