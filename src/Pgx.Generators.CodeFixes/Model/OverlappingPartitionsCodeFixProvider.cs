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
/// PGX0004, PGX0005 and PGX0006. A LIST value already in an earlier partition is removed from the later one, and a
/// partition all of whose values are elsewhere is removed whole. A range inside an earlier range is removed; a range
/// that starts inside an earlier one starts where that one ends instead. An inverted range gets its bounds swapped.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OverlappingPartitionsCodeFixProvider))]
public sealed class OverlappingPartitionsCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of removing a duplicate LIST value (or the partition that holds only duplicates).</summary>
    public const string DuplicateValueKey = "PGX0004.RemoveDuplicate";

    /// <summary>Equivalence key of removing a range inside another, or starting it where the other ends.</summary>
    public const string OverlapKey = "PGX0005.ResolveOverlap";

    /// <summary>Equivalence key of swapping the bounds of an inverted range.</summary>
    public const string SwapKey = "PGX0006.SwapBounds";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.DuplicateListValue, RuleIds.OverlappingRanges, RuleIds.EmptyRange);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is not { } record
            || ModelSyntax.AttributeAt(editor, diagnostic.Location) is not { } attribute
            || PartitionBounds.Key(record.Type) is not { } key)
        {
            return Enumerable.Empty<ModelEdit>();
        }

        var tree = editor.OriginalRoot.SyntaxTree;
        return diagnostic.Id switch
        {
            RuleIds.DuplicateListValue => RemoveDuplicate(PartitionBounds.Lists(record.Type, key, tree, cancellationToken), attribute, diagnostic.Location),
            RuleIds.OverlappingRanges => ResolveOverlap(PartitionBounds.Ranges(record.Type, key, tree, cancellationToken), attribute),
            _ => Swap(PartitionBounds.Ranges(record.Type, key, tree, cancellationToken), attribute),
        };
    }

    private static IEnumerable<ModelEdit> RemoveDuplicate(List<PartitionBounds.ListEntry> lists, AttributeSyntax attribute, Location location)
    {
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var list in lists)
        {
            var duplicates = new List<PartitionBounds.ListValue>();
            foreach (var value in list.Values.Where(v => v.Value is not null))
            {
                if (!seen.Add(value.Value!))
                {
                    duplicates.Add(value);
                }
            }

            if (list.Syntax != attribute)
            {
                continue;
            }

            if (duplicates.Count == list.Values.Count)
            {
                yield return new ModelEdit(
                    "Remove partition '" + list.Name + "': its values are in other partitions",
                    DuplicateValueKey,
                    e => ModelSyntax.RemoveAttribute(e, attribute),
                    Once: "remove@" + attribute.SpanStart);
            }
            else if (duplicates.FirstOrDefault(v => v.Syntax?.Span.Contains(location.SourceSpan) == true) is { Syntax: { } argument })
            {
                yield return new ModelEdit("Remove the value " + argument + " from partition '" + list.Name + "'", DuplicateValueKey, e => e.RemoveNode(argument));
            }

            yield break;
        }
    }

    private static IEnumerable<ModelEdit> ResolveOverlap(List<PartitionBounds.RangeEntry> ranges, AttributeSyntax attribute)
    {
        // The parser compares each range with the one before it in the order of their lower bounds.
        var ordered = ranges.Where(r => r.From is not null && r.To is not null && r.From.Order < r.To.Order)
            .Select((r, i) => (Range: r, Index: i))
            .OrderBy(r => r.Range.From!.Order).ThenBy(r => r.Index)
            .Select(r => r.Range)
            .ToList();
        var at = ordered.FindIndex(r => r.Syntax == attribute);
        if (at < 0)
        {
            yield break;
        }

        var current = ordered[at];
        var other = at > 0 ? ordered[at - 1] : ordered.Count > 1 ? ordered[1] : null;
        if (other is null || current.From!.Order >= other.To!.Order || other.From!.Order >= current.To!.Order)
        {
            yield break;
        }

        if (current.From.Order >= other.From.Order && current.To.Order <= other.To.Order)
        {
            yield return new ModelEdit(
                "Remove partition '" + current.Name + "': its range lies within '" + other.Name + "'",
                OverlapKey,
                e => ModelSyntax.RemoveAttribute(e, attribute),
                Once: "remove@" + attribute.SpanStart);
        }
        else if (current.From.Order >= other.From.Order)
        {
            var from = current.From.Syntax;
            var to = other.To.Syntax.Expression;
            yield return new ModelEdit(
                "Start partition '" + current.Name + "' at " + other.To.Display + ", where '" + other.Name + "' ends",
                OverlapKey,
                e => e.ReplaceNode(from.Expression, to.WithTriviaFrom(from.Expression)));
        }
    }

    private static IEnumerable<ModelEdit> Swap(List<PartitionBounds.RangeEntry> ranges, AttributeSyntax attribute)
    {
        if (ranges.FirstOrDefault(r => r.Syntax == attribute) is { From: { } from, To: { } to } range && from.Order > to.Order)
        {
            yield return new ModelEdit(
                "Swap the bounds of partition '" + range.Name + "': from " + to.Display + " to " + from.Display,
                SwapKey,
                e =>
                {
                    e.ReplaceNode(from.Syntax.Expression, to.Syntax.Expression.WithTriviaFrom(from.Syntax.Expression));
                    e.ReplaceNode(to.Syntax.Expression, from.Syntax.Expression.WithTriviaFrom(to.Syntax.Expression));
                });
        }
    }
}
