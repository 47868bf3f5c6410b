using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>PGX0010: marks the property of an unsupported type <c>[PgIgnore]</c>, so the table leaves it out.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsupportedPropertyTypeCodeFixProvider))]
public sealed class UnsupportedPropertyTypeCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the edit.</summary>
    public const string Key = "PGX0010.PgIgnore";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnsupportedPropertyType);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (editor.SemanticModel.GetDeclaredSymbol(node, cancellationToken) is { } declared
            && ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is { } record
            && record.Type.GetMembers(declared.Name).OfType<IPropertySymbol>().FirstOrDefault() is { } property)
        {
            yield return new ModelEdit(
                "Leave " + property.Name + " out of the table with [PgIgnore]",
                Key,
                e => ModelSyntax.AddAttribute(e, property, ModelSyntax.PgxAttribute("PgIgnore"), cancellationToken));
        }
    }
}
