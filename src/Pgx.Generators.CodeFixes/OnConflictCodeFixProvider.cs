using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Analyzers.Sql.Rules;

namespace Pgx.Generators.CodeFixes;

/// <summary>
/// PGX0103 fix: an awaited Dapper upsert of a Pgx record into a trigger-routed parent becomes the generated
/// repository's <c>UpsertAsync</c>, whose <c>INSERT … ON CONFLICT</c> names the child, where the clause applies.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OnConflictCodeFixProvider))]
public sealed class OnConflictCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence key of the repository call.</summary>
    public const string RepositoryKey = "PGX0103.Repository";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.OnConflictOnTriggerRoutedTable);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        RepositoryCallFix.RegisterAsync(context, OnConflictOnTriggerRoutedTableRule.TableProperty, "UpsertAsync", "Upsert through {0}.UpsertAsync", RepositoryKey, (_, _, _) => "");
}
