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

/// <summary>PGX0016 for a nullable partition key: drops the <c>?</c> from the key property's type. (An unsupported type has no fix.)</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NullablePartitionKeyCodeFixProvider))]
public sealed class NullablePartitionKeyCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the edit.</summary>
    public const string Key = "PGX0016.NotNullable";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnsupportedPartitionKey);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is not { } record
            || record.Type.GetAttributes().FirstOrDefault(a => Parsing.KnownAttributes.Is(a, Parsing.KnownAttributes.PartitionBy)) is not { } partitionBy
            || record.Type.GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p => p.Name == Parsing.AttributeReading.StringArg(partitionBy, 0)) is not { } key)
        {
            yield break;
        }

        foreach (var reference in key.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == editor.OriginalRoot.SyntaxTree))
        {
            var type = reference.GetSyntax(cancellationToken) switch
            {
                ParameterSyntax parameter => parameter.Type,
                PropertyDeclarationSyntax property => property.Type,
                _ => null,
            };
            if (type is NullableTypeSyntax nullable)
            {
                yield return new ModelEdit(
                    "Make " + key.Name + " non-nullable (" + nullable.ElementType + ")",
                    Key,
                    e => e.ReplaceNode(nullable, nullable.ElementType.WithTriviaFrom(nullable)));
                yield break;
            }
        }
    }
}
