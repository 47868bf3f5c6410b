using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Pgx.Generators.Model;
using Pgx.Generators.Parsing;
using Pgx.Generators.Sql;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>The record, attributes and properties a model diagnostic is about, and the syntax the fixes write.</summary>
internal static class ModelSyntax
{
    /// <summary>The record declaration that holds <paramref name="location"/>, and its symbol.</summary>
    public static (TypeDeclarationSyntax Declaration, INamedTypeSymbol Type)? RecordAt(DocumentEditor editor, Location location, CancellationToken cancellationToken)
    {
        var node = editor.OriginalRoot.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
        var declaration = node.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        return declaration is not null && editor.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type
            ? (declaration, type)
            : null;
    }

    /// <summary>The attribute at <paramref name="location"/> (or around it).</summary>
    public static AttributeSyntax? AttributeAt(DocumentEditor editor, Location location) =>
        editor.OriginalRoot.FindNode(location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();

    /// <summary>The attributes of <paramref name="metadataName"/> on <paramref name="type"/> written in <paramref name="tree"/>, in source order.</summary>
    public static List<(AttributeSyntax Syntax, AttributeData Data)> Attributes(INamedTypeSymbol type, string metadataName, SyntaxTree tree, CancellationToken cancellationToken) =>
        type.GetAttributes()
            .Where(a => a.Is(metadataName) && a.ApplicationSyntaxReference?.SyntaxTree == tree)
            .Select(a => (Syntax: a.ApplicationSyntaxReference!.GetSyntax(cancellationToken) as AttributeSyntax, Data: a))
            .Where(a => a.Syntax is not null)
            .Select(a => (a.Syntax!, a.Data))
            .OrderBy(a => a.Item1.SpanStart)
            .ToList();

    /// <summary>The positional arguments of <paramref name="attribute"/>, in order.</summary>
    public static List<AttributeArgumentSyntax> Positional(AttributeSyntax attribute) =>
        attribute.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList() ?? new List<AttributeArgumentSyntax>();

    /// <summary>
    /// The properties of <paramref name="type"/> Pgx maps to columns and a fix can annotate: public, declared on
    /// the record itself, of a supported type, not ignored.
    /// </summary>
    public static List<IPropertySymbol> MappedProperties(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IPropertySymbol>()
            .Where(p => !p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public && p.GetMethod is not null && p.Name != "EqualityContract")
            .Where(p => TypeMapper.Map(p.Type) is not null && !AttributesOf(type, p).Any(a => a.Is(KnownAttributes.PgIgnore) || a.Is(KnownAttributes.NotMapped)))
            .ToList();

    /// <summary>The attributes of <paramref name="property"/> and of the positional parameter behind it.</summary>
    public static IEnumerable<AttributeData> AttributesOf(INamedTypeSymbol type, IPropertySymbol property)
    {
        var parameter = type.InstanceConstructors.SelectMany(c => c.Parameters).FirstOrDefault(p => p.Name == property.Name
            && p.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ParameterSyntax { Parent.Parent: TypeDeclarationSyntax }));
        return property.GetAttributes().Concat(parameter?.GetAttributes() ?? Enumerable.Empty<AttributeData>());
    }

    /// <summary>The column a property maps to, as the partition parser sees the key (for reading partition values).</summary>
    public static ColumnSpec? Column(IPropertySymbol property)
    {
        if (TypeMapper.Map(property.Type) is not { } mapping)
        {
            return null;
        }

        var nullable = mapping.IsNullableValueType || (property.Type.IsReferenceType && property.NullableAnnotation != NullableAnnotation.NotAnnotated);
        return new ColumnSpec(property.Name, Names.ToSnakeCase(property.Name), mapping.PgType, mapping.Kind, property.Type.ToDisplayString(), mapping.EnumUnderlyingType, nullable, false, -1, false);
    }

    /// <summary>The property a <c>[PartitionBy]</c> names (by property or column name), if any.</summary>
    public static IPropertySymbol? PartitionKey(INamedTypeSymbol type)
    {
        var name = type.GetAttributes().FirstOrDefault(a => a.Is(KnownAttributes.PartitionBy))?.StringArg(0);
        var properties = MappedProperties(type);
        return properties.FirstOrDefault(p => p.Name == name) ?? properties.FirstOrDefault(p => Names.ToSnakeCase(p.Name) == name);
    }

    /// <summary>Adds <paramref name="attribute"/> to <paramref name="property"/>: on its positional parameter as <c>[property: …]</c>, else on its declaration.</summary>
    public static bool AddAttribute(DocumentEditor editor, IPropertySymbol property, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        foreach (var reference in property.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == editor.OriginalRoot.SyntaxTree))
        {
            // Into the brackets already there for the property ([property: …] on a positional parameter), if any.
            var node = reference.GetSyntax(cancellationToken);
            var existing = node switch
            {
                ParameterSyntax p => p.AttributeLists.FirstOrDefault(l => l.Target?.Identifier.IsKind(SyntaxKind.PropertyKeyword) == true),
                PropertyDeclarationSyntax p => p.AttributeLists.FirstOrDefault(l => l.Target is null),
                _ => null,
            };
            if (existing is not null)
            {
                editor.ReplaceNode(existing, (current, _) => ((AttributeListSyntax)current).WithAttributes(Insert(((AttributeListSyntax)current).Attributes, 0, attribute)));
                return true;
            }

            switch (node)
            {
                case ParameterSyntax parameter:
                    var target = SyntaxFactory.AttributeTargetSpecifier(SyntaxFactory.Token(SyntaxKind.PropertyKeyword));
                    editor.ReplaceNode(parameter, (current, _) => Prepend((ParameterSyntax)current, SyntaxFactory.AttributeList(target, SyntaxFactory.SingletonSeparatedList(attribute)), (p, lists) => p.WithAttributeLists(lists), p => p.AttributeLists));
                    return true;
                case PropertyDeclarationSyntax declaration:
                    editor.ReplaceNode(declaration, (current, _) => Prepend((PropertyDeclarationSyntax)current, SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute)), (p, lists) => p.WithAttributeLists(lists), p => p.AttributeLists));
                    return true;
            }
        }

        return false;
    }

    /// <summary>Puts <paramref name="list"/> first, where the node's leading trivia (its indentation) was.</summary>
    private static T Prepend<T>(T node, AttributeListSyntax list, System.Func<T, SyntaxList<AttributeListSyntax>, T> with, System.Func<T, SyntaxList<AttributeListSyntax>> lists)
        where T : SyntaxNode
    {
        var leading = node.GetLeadingTrivia();
        var bare = node.WithoutLeadingTrivia();
        return with(bare, lists(bare).Insert(0, list.WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.Space)));
    }

    /// <summary>An attribute of Pgx, written as the file writes names (<c>PgKey</c> under <c>using Pgx;</c>).</summary>
    public static AttributeSyntax PgxAttribute(string name, params AttributeArgumentSyntax[] arguments)
    {
        var attribute = SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::Pgx." + name).WithAdditionalAnnotations(Simplifier.Annotation));
        return arguments.Length == 0 ? attribute : attribute.WithArgumentList(SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(arguments)));
    }

    /// <summary><c>nameof(<paramref name="property"/>)</c> as an attribute argument.</summary>
    public static AttributeArgumentSyntax Nameof(string property) =>
        SyntaxFactory.AttributeArgument(SyntaxFactory.ParseExpression("nameof(" + property + ")"));

    /// <summary>A string literal as an attribute argument.</summary>
    public static ExpressionSyntax Literal(string value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));

    /// <summary>Removes <paramref name="attribute"/>, and its brackets when it is the only attribute in them.</summary>
    public static void RemoveAttribute(DocumentEditor editor, AttributeSyntax attribute)
    {
        if (attribute.Parent is AttributeListSyntax { Attributes.Count: 1 } list)
        {
            editor.RemoveNode(list);
        }
        else
        {
            editor.RemoveNode(attribute);
        }
    }

    /// <summary><paramref name="attribute"/> with <paramref name="argument"/> inserted at <paramref name="index"/>.</summary>
    public static AttributeSyntax InsertArgument(AttributeSyntax attribute, int index, AttributeArgumentSyntax argument)
    {
        var list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        return attribute.WithArgumentList(list.WithArguments(Insert(list.Arguments, index, argument)));
    }

    /// <summary><paramref name="list"/> with <paramref name="node"/> inserted at <paramref name="index"/>, separated by ", ".</summary>
    public static SeparatedSyntaxList<T> Insert<T>(SeparatedSyntaxList<T> list, int index, T node)
        where T : SyntaxNode
    {
        var nodes = list.ToList();
        var separators = Enumerable.Range(0, list.SeparatorCount).Select(list.GetSeparator).ToList();
        nodes.Insert(index, node);
        separators.Insert(Math.Min(index, separators.Count), SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        return SyntaxFactory.SeparatedList(nodes, separators.Take(nodes.Count - 1));
    }

    /// <summary>
    /// Removes <paramref name="argument"/> from <paramref name="attribute"/>, and the parentheses when nothing is left.
    /// Found by its text in the attribute as earlier edits of the same Fix All left it.
    /// </summary>
    public static void RemoveArgument(DocumentEditor editor, AttributeSyntax attribute, AttributeArgumentSyntax argument) =>
        editor.ReplaceNode(attribute, (current, _) =>
        {
            var edited = (AttributeSyntax)current;
            var arguments = edited.ArgumentList?.Arguments ?? default;
            var index = arguments.IndexOf(a => a.IsEquivalentTo(argument));
            if (index < 0)
            {
                return edited;
            }

            var remaining = arguments.RemoveAt(index);
            return remaining.Count == 0 ? edited.WithArgumentList(null) : edited.WithArgumentList(edited.ArgumentList!.WithArguments(remaining));
        });
}
