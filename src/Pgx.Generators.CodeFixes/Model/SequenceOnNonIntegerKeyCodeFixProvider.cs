using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>PGX0014: removes the <c>[PgSequence]</c> from a key that cannot hold a sequence value.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SequenceOnNonIntegerKeyCodeFixProvider))]
public sealed class SequenceOnNonIntegerKeyCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the removal.</summary>
    public const string Key = "PGX0014.RemoveSequence";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.KeyCannotUseSequence);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.AttributeAt(editor, diagnostic.Location) is { } attribute
            && editor.SemanticModel.GetSymbolInfo(attribute, cancellationToken).Symbol?.ContainingType.Name == "PgSequenceAttribute")
        {
            yield return new ModelEdit("Remove [PgSequence]", Key, e => ModelSyntax.RemoveAttribute(e, attribute));
        }
    }
}
