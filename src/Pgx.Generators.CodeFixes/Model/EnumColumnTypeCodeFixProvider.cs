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
/// PGX0028: removes the column type of an enum property (<c>Type = …</c> or <c>TypeName = …</c>), so the column takes
/// the integer type of the enum's underlying type.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EnumColumnTypeCodeFixProvider))]
public sealed class EnumColumnTypeCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the removal.</summary>
    public const string Key = "PGX0028.DefaultType";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.EnumColumnTypeNotInteger);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault() is { NameEquals: not null, Parent: AttributeArgumentListSyntax { Parent: AttributeSyntax attribute } } type)
        {
            yield return new ModelEdit("Remove " + type + " and store the enum as its number", Key, e => ModelSyntax.RemoveArgument(e, attribute, type));
        }
    }
}
