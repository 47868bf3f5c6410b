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
/// PGX0023: removes an empty name where leaving it out gives the default: a named argument (<c>Schema = ""</c>,
/// <c>Name = ""</c> …) or the name of an attribute that has a constructor without it (<c>[PgTable("")]</c>,
/// <c>[PgColumn("")]</c>). A partition or a foreign server must have a name: no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EmptyNameCodeFixProvider))]
public sealed class EmptyNameCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the removal.</summary>
    public const string Key = "PGX0023.UseDefault";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.EmptyIdentifier);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault() is not { Parent: AttributeArgumentListSyntax { Parent: AttributeSyntax attribute } list } argument)
        {
            yield break;
        }

        var optional = argument.NameEquals is not null
            || (list.Arguments.IndexOf(argument) == 0 && argument.NameColon is null
                && editor.SemanticModel.GetSymbolInfo(attribute, cancellationToken).Symbol?.ContainingType is { } type
                && type.InstanceConstructors.Any(c => c.Parameters.Length == 0));
        if (!optional)
        {
            yield break;
        }

        yield return new ModelEdit(
            "Leave the empty name out and use the default",
            Key,
            e => ModelSyntax.RemoveArgument(e, attribute, argument));
    }
}
