using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pgx.Generators.Analyzers;
using Pgx.Generators.Analyzers.Sql.Rules;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.CodeFixes;

/// <summary>
/// PGX0101 fixes: rewrite the SQL to take the key from <c>nextval()</c> first (one statement, one round trip,
/// the key still comes back), or — when the inserted values are a Pgx record — call the generated repository.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturningCodeFixProvider))]
public sealed class ReturningCodeFixProvider : CodeFixProvider
{
    /// <summary>Equivalence key of the SQL rewrite.</summary>
    public const string NextvalFirstKey = "PGX0101.NextvalFirst";

    /// <summary>Equivalence key of the repository call.</summary>
    public const string RepositoryKey = "PGX0101.Repository";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ReturningFromTriggerRoutedTable);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression)
            {
                continue;
            }

            var table = Property(diagnostic, ReturningFromTriggerRoutedTableRule.TableProperty);
            if (await SqlLiteralEdit.FindAsync(context.Document, expression, context.CancellationToken).ConfigureAwait(false) is { } literal
                && NextvalFirstRewrite.TryRewrite(literal.Value, table, Property(diagnostic, ReturningFromTriggerRoutedTableRule.KeyColumnProperty), Property(diagnostic, ReturningFromTriggerRoutedTableRule.SequenceProperty)) is { } rewritten)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Take the key from nextval() first instead of RETURNING", ct => literal.ReplaceAsync(rewritten, ct), NextvalFirstKey),
                    diagnostic);
            }

            if (RepositoryInsertFix.TryCreate(model, expression, table, context.CancellationToken) is { } call)
            {
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create("Insert through " + call.Repository + ".InsertAsync", _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(call.Old, call.New))), RepositoryKey),
                    diagnostic);
            }
        }
    }

    private static string Property(Diagnostic diagnostic, string name) =>
        diagnostic.Properties.TryGetValue(name, out var value) && value is not null ? value : "";
}
