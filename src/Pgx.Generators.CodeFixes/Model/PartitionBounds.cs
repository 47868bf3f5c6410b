using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pgx.Generators.Model;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>A record's partition attributes read as the partition parser reads them: values in the key's type, bounds in order.</summary>
internal static class PartitionBounds
{
    /// <summary>A LIST value as written, and its value in the key's type (null when it is not one).</summary>
    public sealed record ListValue(AttributeArgumentSyntax? Syntax, string? Value);

    /// <summary>A <c>[ListPartition]</c>: its attribute, name and values.</summary>
    public sealed record ListEntry(AttributeSyntax Syntax, string Name, List<ListValue> Values);

    /// <summary>A <c>[RangePartition]</c>: its attribute, name and bounds (null when not both are values of the key's type).</summary>
    public sealed record RangeEntry(AttributeSyntax Syntax, string Name, Bound? From, Bound? To);

    /// <summary>A bound as written and where it falls.</summary>
    public sealed record Bound(AttributeArgumentSyntax Syntax, string Display, decimal Order);

    /// <summary>The record's partition key as a column, or null when [PartitionBy] names none.</summary>
    public static ColumnSpec? Key(INamedTypeSymbol type) =>
        ModelSyntax.PartitionKey(type) is { } property ? ModelSyntax.Column(property) : null;

    /// <summary>The <c>[ListPartition]</c>s of <paramref name="type"/> in <paramref name="tree"/>, in source order.</summary>
    public static List<ListEntry> Lists(INamedTypeSymbol type, ColumnSpec key, SyntaxTree tree, CancellationToken cancellationToken) =>
        ModelSyntax.Attributes(type, KnownAttributes.ListPartition, tree, cancellationToken).Select(a =>
        {
            var syntax = ModelSyntax.Positional(a.Syntax);
            var values = a.Data.ArrayArg(1).Select((constant, i) => new ListValue(
                1 + i < syntax.Count ? syntax[1 + i] : null,
                PartitionValues.Parse(constant, key, allowOpen: false, out _)?.Value.Value)).ToList();
            return new ListEntry(a.Syntax, a.Data.StringArg(0) ?? "", values);
        }).ToList();

    /// <summary>The <c>[RangePartition]</c>s of <paramref name="type"/> in <paramref name="tree"/>, in source order.</summary>
    public static List<RangeEntry> Ranges(INamedTypeSymbol type, ColumnSpec key, SyntaxTree tree, CancellationToken cancellationToken) =>
        ModelSyntax.Attributes(type, KnownAttributes.RangePartition, tree, cancellationToken).Select(a =>
        {
            var syntax = ModelSyntax.Positional(a.Syntax);
            Bound? Read(int index) =>
                index < syntax.Count && a.Data.Arg(index) is { } constant
                && PartitionValues.Parse(constant, key, allowOpen: true, out _) is { Order: { } order } parsed
                    ? new Bound(syntax[index], parsed.Value.Display, order)
                    : null;
            return new RangeEntry(a.Syntax, a.Data.StringArg(0) ?? "", Read(1), Read(2));
        }).ToList();
}
