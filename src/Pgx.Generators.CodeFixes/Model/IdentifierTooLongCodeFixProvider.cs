using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
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
/// PGX0012: writes a shortened name (see <see cref="IdentifierShortening"/>) that no other table, partition, column,
/// index or sequence of the compilation uses: in place of the string argument that is too long, or as
/// <c>[PgColumn("…")]</c> on a property whose own name makes the column name too long, or as the table name of a
/// <c>[PgTable]</c> that takes it from the record's name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IdentifierTooLongCodeFixProvider))]
public sealed class IdentifierTooLongCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the rename.</summary>
    public const string Key = "PGX0012.Shorten";

    /// <summary>The names in use per document being fixed, with those earlier fixes of a Fix All wrote.</summary>
    private static readonly ConditionalWeakTable<DocumentEditor, HashSet<string>> Taken = new();

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.IdentifierTooLong);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var taken = Taken.GetValue(editor, e => NamesInUse(e.SemanticModel.Compilation, cancellationToken));
        if (node.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault() is { Expression: LiteralExpressionSyntax literal } && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            var name = literal.Token.ValueText;
            yield return Rename(name, taken, shortened => editor.ReplaceNode(literal, ModelSyntax.Literal(shortened).WithTriviaFrom(literal)));
        }
        else if (node.AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault() is { } table && ModelSyntax.Positional(table).Count == 0
            && editor.SemanticModel.GetSymbolInfo(table, cancellationToken).Symbol?.ContainingType.Name == "PgTableAttribute"
            && ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is { } record)
        {
            var name = Names.ToSnakeCase(record.Type.Name);
            yield return Rename(name, taken, shortened => editor.ReplaceNode(table, (current, _) =>
                ModelSyntax.InsertArgument((AttributeSyntax)current, 0, SyntaxFactory.AttributeArgument(ModelSyntax.Literal(shortened)))));
        }
        else if (editor.SemanticModel.GetDeclaredSymbol(node, cancellationToken) is { } declared
            && ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is { } owner
            && owner.Type.GetMembers(declared.Name).OfType<IPropertySymbol>().FirstOrDefault() is { } property)
        {
            var name = Names.ToSnakeCase(property.Name);
            yield return Rename(name, taken, shortened => ModelSyntax.AddAttribute(
                editor, property, ModelSyntax.PgxAttribute("PgColumn", SyntaxFactory.AttributeArgument(ModelSyntax.Literal(shortened))), cancellationToken));
        }
    }

    private static ModelEdit Rename(string name, HashSet<string> taken, System.Action<string> write) =>
        new("Shorten the name to '" + IdentifierShortening.Shorten(name, taken) + "'", Key, _ =>
        {
            var shortened = IdentifierShortening.Shorten(name, taken);
            taken.Add(shortened);
            write(shortened);
        });

    /// <summary>
    /// Every name the compilation's models may use: the string arguments of attributes on types, properties and
    /// parameters, and the snake_case names of types and properties (a superset; it only has to avoid collisions).
    /// </summary>
    internal static HashSet<string> NamesInUse(Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var type in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type, cancellationToken).OfType<INamedTypeSymbol>())
        {
            names.Add(Names.ToSnakeCase(type.Name));
            AddStrings(type.GetAttributes(), names);
            foreach (var member in type.GetMembers())
            {
                names.Add(Names.ToSnakeCase(member.Name));
                AddStrings(member.GetAttributes(), names);
                if (member is IMethodSymbol method)
                {
                    foreach (var parameter in method.Parameters)
                    {
                        AddStrings(parameter.GetAttributes(), names);
                    }
                }
            }
        }

        return names;
    }

    private static void AddStrings(ImmutableArray<AttributeData> attributes, HashSet<string> names)
    {
        foreach (var constant in attributes.SelectMany(a => a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.Value))))
        {
            foreach (var value in constant.Kind == TypedConstantKind.Array ? constant.Values : ImmutableArray.Create(constant))
            {
                if (value.Kind != TypedConstantKind.Error && value.Value is string text)
                {
                    names.Add(text);
                }
            }
        }
    }
}
