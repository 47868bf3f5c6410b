using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pgx.Generators.CodeFixes;

/// <summary>
/// The one string literal that holds a flagged SQL text — at the call, or in the initializer of the const or
/// local the call names — and how to write a new value into it in the same style (regular, verbatim, raw).
/// SQL built from several parts has no such literal: then no rewrite is offered.
/// </summary>
internal sealed class SqlLiteralEdit
{
    private SqlLiteralEdit(Document document, LiteralExpressionSyntax literal)
    {
        Document = document;
        Literal = literal;
    }

    /// <summary>The document holding the literal (perhaps not the one with the diagnostic).</summary>
    public Document Document { get; }

    /// <summary>The literal.</summary>
    public LiteralExpressionSyntax Literal { get; }

    /// <summary>The SQL it holds.</summary>
    public string Value => Literal.Token.ValueText;

    /// <summary>Finds the literal behind <paramref name="expression"/>, or null.</summary>
    public static async Task<SqlLiteralEdit?> FindAsync(Document document, ExpressionSyntax expression, CancellationToken cancellationToken)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        if (expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return new SqlLiteralEdit(document, literal);
        }

        if (expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax))
        {
            return null;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var symbol = model?.GetSymbolInfo(expression, cancellationToken).Symbol;
        if (symbol is not (IFieldSymbol or ILocalSymbol) || symbol.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        // The analyzer only reads a non-const local that nothing assigns again, so its initializer is its value.
        var declarator = await symbol.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) as VariableDeclaratorSyntax;
        if (declarator?.Initializer?.Value is not LiteralExpressionSyntax initializer || !initializer.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return null;
        }

        var declaringDocument = document.Project.Solution.GetDocument(declarator.SyntaxTree);
        return declaringDocument is null ? null : new SqlLiteralEdit(declaringDocument, initializer);
    }

    /// <summary>The solution with the literal holding <paramref name="sql"/> instead.</summary>
    public async Task<Solution> ReplaceAsync(string sql, CancellationToken cancellationToken)
    {
        var root = await Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var replacement = SyntaxFactory.ParseExpression(Render(Literal.Token, sql)).WithTriviaFrom(Literal);
        return Document.Project.Solution.WithDocumentSyntaxRoot(Document.Id, root!.ReplaceNode(Literal, replacement));
    }

    /// <summary>C# source for a literal holding <paramref name="value"/>, in the style of <paramref name="original"/>.</summary>
    public static string Render(SyntaxToken original, string value)
    {
        var text = original.Text;
        if (original.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || original.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) && value.IndexOf('\n') >= 0)
        {
            var lastLineBreak = text.LastIndexOf('\n');
            var indent = lastLineBreak < 0 ? "" : new string(text.Skip(lastLineBreak + 1).TakeWhile(c => c is ' ' or '\t').ToArray());
            var quotes = Quotes(value);
            var lines = value.Replace("\r\n", "\n").Split('\n').Select(line => line.Length == 0 ? "" : indent + line);
            return quotes + "\n" + string.Join("\n", lines) + "\n" + indent + quotes;
        }

        if (original.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) && value.Length > 0 && value[0] != '"' && value[value.Length - 1] != '"')
        {
            var quotes = Quotes(value);
            return quotes + value + quotes;
        }

        if (text.StartsWith("@", StringComparison.Ordinal))
        {
            return "@\"" + value.Replace("\"", "\"\"") + "\"";
        }

        return SymbolDisplay.FormatLiteral(value, quote: true);
    }

    /// <summary>A raw-string delimiter longer than any run of quotes in <paramref name="value"/>.</summary>
    private static string Quotes(string value)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in value)
        {
            run = c == '"' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return new string('"', Math.Max(3, longest + 1));
    }
}
