using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// PGX0022 on a LIST or RANGE table: adds <c>[DefaultPartition("&lt;table&gt;_default")]</c> after <c>[PartitionBy]</c>, so
/// inserts succeed until real partitions are declared. A HASH table gets no fix: how many partitions is a design choice.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoPartitionsCodeFixProvider))]
public sealed class NoPartitionsCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of the edit.</summary>
    public const string Key = "PGX0022.DefaultPartition";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NoPartitions);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.AttributeAt(editor, diagnostic.Location) is not { Parent: AttributeListSyntax list } partitionBy
            || ModelSyntax.RecordAt(editor, diagnostic.Location, cancellationToken) is not { } record
            || ModelSyntax.Positional(partitionBy) is not { Count: >= 2 } arguments
            || editor.SemanticModel.GetConstantValue(arguments[1].Expression, cancellationToken) is not { HasValue: true, Value: int kind }
            || kind == (int)PartitionKind.Hash)
        {
            yield break;
        }

        var name = IdentifierShortening.Shorten(ModelParser.TableName(record.Type).Name + "_default", IdentifierTooLongCodeFixProvider.NamesInUse(editor.SemanticModel.Compilation, cancellationToken));
        var index = list.Attributes.IndexOf(partitionBy) + 1;
        yield return new ModelEdit(
            "Add [DefaultPartition(\"" + name + "\")] for the rows no other partition takes",
            Key,
            e => e.ReplaceNode(list, (current, _) =>
            {
                var attributes = ((AttributeListSyntax)current).Attributes;
                var added = ModelSyntax.PgxAttribute("DefaultPartition", SyntaxFactory.AttributeArgument(ModelSyntax.Literal(name)));
                return ((AttributeListSyntax)current).WithAttributes(ModelSyntax.Insert(attributes, System.Math.Min(index, attributes.Count), added));
            }));
    }
}
