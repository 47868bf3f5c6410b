using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// PGX0003 when every partition attribute of the record is of one kind and [PartitionBy] names another: the
/// partitions say what was meant, so the kind in [PartitionBy] changes to theirs. With partitions of both kinds, no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PartitionKindMismatchCodeFixProvider))]
public sealed class PartitionKindMismatchCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the edit.</summary>
    public const string Key = "PGX0003.ChangeKind";

    private static readonly (string Attribute, PartitionKind Kind)[] Kinds =
    {
        (KnownAttributes.ListPartition, PartitionKind.List),
        (KnownAttributes.RangePartition, PartitionKind.Range),
        (KnownAttributes.HashPartitions, PartitionKind.Hash),
    };

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PartitionKindMismatch);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is not { } record
            || ModelSyntax.Attributes(record.Type, KnownAttributes.PartitionBy, editor.OriginalRoot.SyntaxTree, cancellationToken).FirstOrDefault() is not { Syntax: { } partitionBy }
            || ModelSyntax.Positional(partitionBy) is not { Count: >= 2 } arguments)
        {
            yield break;
        }

        var declared = Kinds.Where(k => record.Type.GetAttributes().Any(a => a.Is(k.Attribute))).Select(k => k.Kind).ToList();
        if (declared.Count != 1)
        {
            yield break;
        }

        var kind = arguments[1].Expression;
        var wanted = declared[0];
        yield return new ModelEdit(
            "Partition by PartitionKind." + wanted + ", the kind of the partitions",
            Key,
            e => e.ReplaceNode(kind, SyntaxFactory.ParseExpression("global::Pgx.PartitionKind." + wanted).WithAdditionalAnnotations(Simplifier.Annotation).WithTriviaFrom(kind)),
            Once: "kind@" + kind.SpanStart);
    }
}
