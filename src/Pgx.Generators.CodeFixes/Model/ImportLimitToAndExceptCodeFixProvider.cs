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

/// <summary>PGX0042: keeps one of LimitTo and Except of an <c>[ImportForeignSchema]</c>, one action each.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ImportLimitToAndExceptCodeFixProvider))]
public sealed class ImportLimitToAndExceptCodeFixProvider : ModelCodeFixProvider
{
    /// <summary>Equivalence key of keeping LimitTo (removing Except).</summary>
    public const string KeepLimitToKey = "PGX0042.KeepLimitTo";

    /// <summary>Equivalence key of keeping Except (removing LimitTo).</summary>
    public const string KeepExceptKey = "PGX0042.KeepExcept";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ImportLimitToAndExcept);

    private protected override IEnumerable<ModelEdit> Edits(DocumentEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ModelSyntax.AttributeAt(editor, diagnostic.Location) is not { ArgumentList: { } list })
        {
            yield break;
        }

        AttributeArgumentSyntax? Named(string name) => list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        if (Named(nameof(Pgx.ImportForeignSchemaAttribute.LimitTo)) is { } limitTo && Named(nameof(Pgx.ImportForeignSchemaAttribute.Except)) is { } except)
        {
            yield return new ModelEdit("Keep LimitTo (the tables to import) and remove Except", KeepLimitToKey, e => e.RemoveNode(except));
            yield return new ModelEdit("Keep Except (the tables to leave out) and remove LimitTo", KeepExceptKey, e => e.RemoveNode(limitTo));
        }
    }
}
