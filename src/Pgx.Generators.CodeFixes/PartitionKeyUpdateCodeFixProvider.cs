using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Analyzers.Sql.Rules;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.CodeFixes;

/// <summary>
/// PGX0107 fix: an awaited Dapper <c>UPDATE</c> of a Pgx record that sets the partition key of a trigger-routed
/// table becomes the generated repository's <c>MoveAsync(row, previous)</c>, which deletes the row from its old
/// child and inserts it into the new one in one statement. The previous partition-key value is not in the row:
/// the fix is offered when exactly one local or parameter in scope holds it, named <c>previous…</c> or <c>old…</c>
/// and typed as the partition key.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PartitionKeyUpdateCodeFixProvider))]
public sealed class PartitionKeyUpdateCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence key of the repository call.</summary>
    public const string RepositoryKey = "PGX0107.Repository";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.PartitionKeyUpdateOnTriggerRoutedTable);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        RepositoryCallFix.RegisterAsync(context, PartitionKeyUpdateOnTriggerRoutedTableRule.TableProperty, "MoveAsync", "Move the row with {0}.MoveAsync", RepositoryKey, PreviousValue);

    /// <summary><c>", previousP"</c>: the one local or parameter in scope that holds the previous partition key, or null.</summary>
    private static string? PreviousValue(SemanticModel model, INamedTypeSymbol record, InvocationExpressionSyntax call)
    {
        var key = ModelParser.Parse(record, default).Spec?.Partitioning?.KeyProperty;
        var keyType = key is null ? null : record.GetMembers(key).OfType<IPropertySymbol>().FirstOrDefault()?.Type;
        if (keyType is null)
        {
            return null;
        }

        var candidates = model.LookupSymbols(call.SpanStart)
            .Where(s => s is ILocalSymbol or IParameterSymbol
                && (s.Name.StartsWith("previous", StringComparison.OrdinalIgnoreCase) || s.Name.StartsWith("old", StringComparison.OrdinalIgnoreCase))
                && SymbolEqualityComparer.Default.Equals(s is ILocalSymbol local ? local.Type : ((IParameterSymbol)s).Type, keyType))
            .ToList();
        return candidates.Count == 1 ? ", " + candidates[0].Name : null;
    }
}
