using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// PGX0011: marks a property <c>[PgKey]</c>, one action per property that could be the key, the likeliest first
/// (a name ending in Id, then integer and Guid properties, then the rest, each in declaration order).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingKeyCodeFixProvider))]
public sealed class MissingKeyCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>
    /// Equivalence key when one property could be the key; with several, each action's key is this, a dot and the
    /// property's name, so Fix All marks the same-named property of every record.
    /// </summary>
    public const string Key = "PGX0011.PgKey";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingKey);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is not { } record)
        {
            yield break;
        }

        var candidates = Candidates(record.Type).ToList();
        foreach (var property in candidates)
        {
            yield return new ModelEdit(
                "Make " + property.Name + " the key with [PgKey]",
                ChoiceKey(Key, property.Name, candidates.Count),
                e => ModelSyntax.AddAttribute(e, property, ModelSyntax.PgxAttribute("PgKey"), cancellationToken));
        }
    }

    /// <summary>The non-nullable mapped properties, likeliest key first.</summary>
    internal static IEnumerable<IPropertySymbol> Candidates(INamedTypeSymbol type) =>
        ModelSyntax.MappedProperties(type)
            .Select((property, index) => (Property: property, Index: index, Column: ModelSyntax.Column(property)))
            .Where(p => p.Column is { IsNullable: false })
            .OrderBy(p => Rank(p.Property, p.Column!.Kind))
            .ThenBy(p => p.Index)
            .Select(p => p.Property);

    /// <summary>Whether a property is the record's key: marked [PgKey] or [Key], or else named Id or &lt;Record&gt;Id.</summary>
    internal static System.Func<IPropertySymbol, bool> IsKey(INamedTypeSymbol type)
    {
        var properties = ModelSyntax.MappedProperties(type);
        var marked = properties.Where(p => ModelSyntax.AttributesOf(type, p).Any(a => a.Is(KnownAttributes.PgKey) || a.Is(KnownAttributes.Key))).ToList();
        if (marked.Count > 0)
        {
            return p => marked.Contains(p, SymbolEqualityComparer.Default);
        }

        var conventional = properties.FirstOrDefault(p => string.Equals(p.Name, "Id", StringComparison.OrdinalIgnoreCase))
            ?? properties.FirstOrDefault(p => string.Equals(p.Name, type.Name + "Id", StringComparison.OrdinalIgnoreCase));
        return p => SymbolEqualityComparer.Default.Equals(p, conventional);
    }

    private static int Rank(IPropertySymbol property, Generators.Model.ClrKind kind) =>
        property.Name.EndsWith("Id", StringComparison.OrdinalIgnoreCase) ? 0
        : TypeMapper.IsInteger(kind) || kind == Generators.Model.ClrKind.Guid ? 1
        : 2;
}
