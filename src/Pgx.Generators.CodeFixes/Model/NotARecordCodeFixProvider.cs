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

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// PGX0015: declares a class as a <c>record</c> (a struct as a <c>record struct</c>), or drops <c>abstract</c> from a
/// record that has no abstract members. A generic type gets no fix: which type arguments to use is the user's choice.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NotARecordCodeFixProvider))]
public sealed class NotARecordCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the edit.</summary>
    public const string Key = "PGX0015.Record";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NotARecord);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is not { } found || found.Type.IsGenericType)
        {
            yield break;
        }

        switch (found.Declaration)
        {
            case ClassDeclarationSyntax @class:
                yield return new ModelEdit(
                    "Declare " + found.Type.Name + " as a record",
                    Key,
                    e => e.ReplaceNode(@class, (current, _) => AsRecord((ClassDeclarationSyntax)current, SyntaxKind.RecordDeclaration)));
                break;
            case StructDeclarationSyntax @struct:
                yield return new ModelEdit(
                    "Declare " + found.Type.Name + " as a record struct",
                    Key,
                    e => e.ReplaceNode(@struct, (current, _) => AsRecord((StructDeclarationSyntax)current, SyntaxKind.RecordStructDeclaration)));
                break;
            case RecordDeclarationSyntax record when found.Type.IsAbstract && !found.Type.GetMembers().Any(m => m.IsAbstract && !m.IsImplicitlyDeclared)
                && record.Modifiers.Any(SyntaxKind.AbstractKeyword):
                yield return new ModelEdit(
                    "Make " + found.Type.Name + " a sealed record",
                    Key,
                    e => e.ReplaceNode(record, (current, _) =>
                    {
                        var modifiers = ((RecordDeclarationSyntax)current).Modifiers;
                        var index = modifiers.IndexOf(SyntaxKind.AbstractKeyword);
                        return index < 0 ? current : ((RecordDeclarationSyntax)current).WithModifiers(modifiers.Replace(modifiers[index], SyntaxFactory.Token(SyntaxKind.SealedKeyword).WithTriviaFrom(modifiers[index])));
                    }));
                break;
        }
    }

    /// <summary>The same declaration, members and all, as a <c>record</c> (or <c>record struct</c>).</summary>
    private static RecordDeclarationSyntax AsRecord(TypeDeclarationSyntax type, SyntaxKind kind) =>
        SyntaxFactory.RecordDeclaration(
                kind,
                type.AttributeLists,
                type.Modifiers,
                kind == SyntaxKind.RecordStructDeclaration
                    ? SyntaxFactory.Token(SyntaxKind.RecordKeyword).WithLeadingTrivia(type.Keyword.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space)
                    : SyntaxFactory.Token(SyntaxKind.RecordKeyword).WithTriviaFrom(type.Keyword),
                kind == SyntaxKind.RecordStructDeclaration ? SyntaxFactory.Token(SyntaxKind.StructKeyword).WithTrailingTrivia(type.Keyword.TrailingTrivia) : default,
                type.Identifier,
                type.TypeParameterList,
                type.ParameterList,
                type.BaseList,
                type.ConstraintClauses,
                type.OpenBraceToken,
                type.Members,
                type.CloseBraceToken,
                type.SemicolonToken);
}
