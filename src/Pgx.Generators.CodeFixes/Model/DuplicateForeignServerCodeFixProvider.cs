using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>PGX0040: removes the second <c>[assembly: ForeignServer]</c> of a name, keeping the first.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DuplicateForeignServerCodeFixProvider))]
public sealed class DuplicateForeignServerCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the removal.</summary>
    public const string Key = "PGX0040.RemoveDuplicate";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.DuplicateForeignServer);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.AttributeAt(editor, diagnostic.Location) is { } attribute)
        {
            yield return new ModelEdit("Remove this second declaration, keeping the first", Key, e => ModelSyntax.RemoveAttribute(e, attribute));
        }
    }
}
