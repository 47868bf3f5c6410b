using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// PGX0030, the two ways its message names. Where the key's sequence is switched off, let the shared sequence fill it
/// (remove <c>UseSequence = false</c> or <c>[DatabaseGenerated(None)]</c>); and always, put the partition key into
/// the primary key (<c>[PgKey]</c> on it, and on the key properties that are the key by convention only, since
/// explicit keys replace the convention).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TriggerRoutedKeyCodeFixProvider))]
public sealed class TriggerRoutedKeyCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of switching the sequence back on.</summary>
    public const string UseSequenceKey = "PGX0030.UseSequence";

    /// <summary>Equivalence key of adding the partition key to the primary key.</summary>
    public const string PartitionKeyInKeyKey = "PGX0030.PartitionKeyInKey";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TriggerRoutedKeyWithoutSequence);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is not { } record
            || ModelSyntax.PartitionKey(record.Type) is not { } partitionKey)
        {
            yield break;
        }

        var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault() is { NameEquals: not null, Parent: AttributeArgumentListSyntax { Parent: AttributeSyntax pgKey } } useSequence)
        {
            yield return new ModelEdit("Let the shared sequence fill the key (remove UseSequence = false)", UseSequenceKey, e => ModelSyntax.RemoveArgument(e, pgKey, useSequence));
        }
        else if (node.AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault() is { } generated
            && editor.SemanticModel.GetSymbolInfo(generated, cancellationToken).Symbol?.ContainingType.Name == "DatabaseGeneratedAttribute")
        {
            yield return new ModelEdit("Let the shared sequence fill the key (remove [DatabaseGenerated(None)])", UseSequenceKey, e => ModelSyntax.RemoveAttribute(e, generated));
        }

        var isKey = MissingKeyCodeFixProvider.IsKey(record.Type);
        var unmarked = ModelSyntax.MappedProperties(record.Type)
            .Where(p => (isKey(p) || SymbolEqualityComparer.Default.Equals(p, partitionKey))
                && !ModelSyntax.AttributesOf(record.Type, p).Any(a => a.Is(KnownAttributes.PgKey) || a.Is(KnownAttributes.Key)))
            .ToList();
        if (unmarked.Count > 0)
        {
            yield return new ModelEdit(
                "Make the partition key " + partitionKey.Name + " part of the primary key with [PgKey]",
                PartitionKeyInKeyKey,
                e =>
                {
                    foreach (var property in unmarked)
                    {
                        ModelSyntax.AddAttribute(e, property, ModelSyntax.PgxAttribute("PgKey"), cancellationToken);
                    }
                });
        }
    }
}
