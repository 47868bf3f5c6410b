using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pgx.Generators.CodeFixes;

/// <summary>Registers the fix that replaces a flagged Dapper call with a call of the generated repository (<see cref="RepositoryInsertFix"/>).</summary>
internal static class RepositoryCallFix
{
    /// <summary>
    /// For each diagnostic of <paramref name="context"/>, offers <paramref name="title"/> (<c>{0}</c>: the repository)
    /// when the call can become <paramref name="method"/> of the record's repository.
    /// </summary>
    public static async Task RegisterAsync(
        CodeFixContext context,
        string tableProperty,
        string method,
        string title,
        string equivalenceKey,
        Func<SemanticModel, INamedTypeSymbol, InvocationExpressionSyntax, string?> moreArguments)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression
                || !diagnostic.Properties.TryGetValue(tableProperty, out var table) || table is null
                || RepositoryInsertFix.TryCreate(model, expression, table, method, (record, call) => moreArguments(model, record, call), context.CancellationToken) is not { } call)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(string.Format(System.Globalization.CultureInfo.InvariantCulture, title, call.Repository), _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(call.Old, call.New))), equivalenceKey),
                diagnostic);
        }
    }
}
