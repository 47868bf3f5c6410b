using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// PGX0017 on a hash-partitioned table: removes <c>Routing = PartitionRouting.Trigger</c>, or the
/// <c>[DefaultPartition]</c>. A partitioned foreign table gets no fix: which to give up is the user's call.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsupportedCombinationCodeFixProvider))]
public sealed class UnsupportedCombinationCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the removal.</summary>
    public const string Key = "PGX0017.Remove";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnsupportedPartitionCombination);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault() is { NameEquals.Name.Identifier.ValueText: nameof(Pgx.PartitionByAttribute.Routing) } routing)
        {
            yield return new ModelEdit("Remove " + routing + ": hash partitioning is declarative", Key, e => e.RemoveNode(routing));
        }
        else if (ModelSyntax.AttributeAt(editor, diagnostic.Location) is { } attribute
            && editor.SemanticModel.GetSymbolInfo(attribute, cancellationToken).Symbol?.ContainingType.Name == "DefaultPartitionAttribute")
        {
            yield return new ModelEdit("Remove [DefaultPartition]: every row has a hash partition", Key, e => ModelSyntax.RemoveAttribute(e, attribute));
        }
    }
}
