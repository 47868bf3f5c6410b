using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Sql;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// PGX0001 and PGX0020: a property written as a string that names no property, but one property by another
/// spelling (another case, or its column name), becomes <c>nameof(Property)</c>, which the compiler then keeps right.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PropertyNameCodeFixProvider))]
public sealed class PropertyNameCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the edit.</summary>
    public const string Key = "PGX0001.Nameof";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnknownPartitionKey, RuleIds.UnknownIndexProperty);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault() is not { Expression: LiteralExpressionSyntax literal }
            || !literal.IsKind(SyntaxKind.StringLiteralExpression)
            || ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is not { } record)
        {
            yield break;
        }

        var written = literal.Token.ValueText;
        var matches = ModelSyntax.MappedProperties(record.Type)
            .Where(p => string.Equals(p.Name, written, StringComparison.OrdinalIgnoreCase) || Names.ToSnakeCase(p.Name) == Names.ToSnakeCase(written))
            .ToList();
        if (matches.Count == 1)
        {
            var name = matches[0].Name;
            yield return new ModelEdit(
                "Use nameof(" + name + ")",
                Key,
                e => e.ReplaceNode(literal, SyntaxFactory.ParseExpression("nameof(" + name + ")").WithTriviaFrom(literal)));
        }
    }
}
