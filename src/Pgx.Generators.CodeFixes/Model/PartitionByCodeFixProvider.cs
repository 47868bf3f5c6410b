using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// PGX0002: adds <c>[PartitionBy(nameof(X), PartitionKind.K)]</c> before the record's first partition attribute. The
/// kind is the one the partition attributes declare (LIST for a lone [DefaultPartition]; none offered when they mix
/// kinds); the key is a non-nullable property of a type that kind supports and that every partition value is a value
/// of: one action per such property, properties that are not the record's key first.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PartitionByCodeFixProvider))]
public sealed class PartitionByCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key when one property fits; with several, this, a dot and the property's name.</summary>
    public const string Key = "PGX0002.PartitionBy";

    private static readonly string[] PartitionAttributes =
        { KnownAttributes.ListPartition, KnownAttributes.RangePartition, KnownAttributes.HashPartitions, KnownAttributes.DefaultPartition };

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PartitionWithoutPartitionBy);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is not { } record)
        {
            return Enumerable.Empty<ModelEdit>();
        }

        var partitions = PartitionAttributes
            .SelectMany(name => ModelSyntax.Attributes(record.Type, name, editor.OriginalRoot.SyntaxTree, cancellationToken))
            .Where(a => record.Declaration.Span.Contains(a.Syntax.Span))
            .OrderBy(a => a.Syntax.SpanStart)
            .ToList();
        var kinds = partitions.Select(a => KindOf(a.Data)).Where(k => k is not null).Distinct().ToList();
        if (partitions.Count == 0 || kinds.Count > 1)
        {
            return Enumerable.Empty<ModelEdit>();
        }

        var kind = kinds.FirstOrDefault() ?? PartitionKind.List;
        var first = partitions[0].Syntax;
        var candidates = Candidates(record.Type, kind, partitions.Select(a => a.Data).ToList()).ToList();
        return candidates.Select(property => new ModelEdit(
            "Add [PartitionBy(nameof(" + property.Name + "), PartitionKind." + kind + ")]",
            ChoiceKey(Key, property.Name, candidates.Count),
            e => e.ReplaceNode(first.Parent!, (current, _) =>
            {
                var list = (AttributeListSyntax)current;
                return list.WithAttributes(ModelSyntax.Insert(list.Attributes, IndexIn(list, first), PartitionBy(property.Name, kind)));
            }),
            Once: "PartitionBy@" + record.Declaration.SpanStart));
    }

    /// <summary>Where <paramref name="attribute"/> (of the original tree) sits in <paramref name="list"/>, which edits may have changed.</summary>
    private static int IndexIn(AttributeListSyntax list, AttributeSyntax attribute)
    {
        var original = ((AttributeListSyntax)attribute.Parent!).Attributes.IndexOf(attribute);
        return System.Math.Min(original, list.Attributes.Count);
    }

    private static AttributeSyntax PartitionBy(string property, PartitionKind kind) =>
        ModelSyntax.PgxAttribute(
            "PartitionBy",
            ModelSyntax.Nameof(property),
            SyntaxFactory.AttributeArgument(SyntaxFactory.ParseExpression("global::Pgx.PartitionKind." + kind).WithAdditionalAnnotations(Simplifier.Annotation)));

    private static PartitionKind? KindOf(AttributeData attribute) =>
        attribute.Is(KnownAttributes.ListPartition) ? PartitionKind.List
        : attribute.Is(KnownAttributes.RangePartition) ? PartitionKind.Range
        : attribute.Is(KnownAttributes.HashPartitions) ? PartitionKind.Hash
        : null;

    /// <summary>The properties that could be the key of <paramref name="kind"/> partitions holding these values, non-key properties first.</summary>
    private static IEnumerable<IPropertySymbol> Candidates(INamedTypeSymbol type, PartitionKind kind, List<AttributeData> partitions)
    {
        var key = MissingKeyCodeFixProvider.IsKey(type);
        return ModelSyntax.MappedProperties(type)
            .Select((property, index) => (Property: property, Index: index, Column: ModelSyntax.Column(property)))
            .Where(p => p.Column is { IsNullable: false } column
                && (kind == PartitionKind.List ? PartitionValues.SupportsList(column.Kind) : kind != PartitionKind.Range || PartitionValues.SupportsRange(column.Kind))
                && partitions.All(a => Values(a, kind).All(v => PartitionValues.Parse(v, column, allowOpen: kind == PartitionKind.Range, out _) is not null)))
            .OrderBy(p => key(p.Property) ? 1 : 0)
            .ThenBy(p => p.Index)
            .Select(p => p.Property);
    }

    /// <summary>The partition values an attribute declares: LIST values, RANGE bounds; none for hash and default partitions.</summary>
    private static IEnumerable<TypedConstant> Values(AttributeData attribute, PartitionKind kind) =>
        attribute.Is(KnownAttributes.ListPartition) && kind == PartitionKind.List ? attribute.ArrayArg(1)
        : attribute.Is(KnownAttributes.RangePartition) && kind == PartitionKind.Range ? new[] { attribute.Arg(1), attribute.Arg(2) }.Where(v => v is not null).Select(v => v!.Value)
        : Enumerable.Empty<TypedConstant>();
}
