using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.CodeFixes.Model;

/// <summary>
/// PGX0038: adds <c>[PgTable]</c> before the record's <c>[PartitionBy]</c>, in the same brackets. Without arguments
/// it names the table after the record, in snake_case, which is the name the record would have had.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PgTableCodeFixProvider))]
public sealed class PgTableCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of adding [PgTable].</summary>
    public const string Key = "PGX0038.AddPgTable";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PartitionByWithoutTable);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.AttributeAt(editor, diagnostic.Location) is not { Parent: AttributeListSyntax list } partitionBy)
        {
            yield break;
        }

        var index = list.Attributes.IndexOf(partitionBy);
        yield return new ModelEdit(
            "Add [PgTable]",
            Key,
            e => e.ReplaceNode(list, (current, _) =>
            {
                var attributes = ((AttributeListSyntax)current).Attributes;
                return ((AttributeListSyntax)current).WithAttributes(ModelSyntax.Insert(attributes, System.Math.Min(index, attributes.Count), ModelSyntax.PgxAttribute("PgTable")));
            }));
    }
}
