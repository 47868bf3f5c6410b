using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Pgx.Generators.Model;
using Pgx.Generators.Parsing;
using Pgx.Generators.Sql;

namespace Pgx.Generators.CodeFixes;

/// <summary>
/// Replaces an awaited Dapper insert whose parameter object is a Pgx record <c>T</c> with the generated
/// repository (<c>new TRepository(connection[, transaction]).InsertAsync(row)</c>, returning the stored row
/// with its key):
/// <list type="bullet">
/// <item><c>await c.QuerySingleAsync&lt;T&gt;(sql, row)</c> (First, OrDefault) → <c>await new TRepository(c).InsertAsync(row)</c></item>
/// <item><c>await c.ExecuteScalarAsync&lt;long&gt;(sql, row)</c> returning the key → <c>(await new TRepository(c).InsertAsync(row)).Id</c></item>
/// <item><c>await c.ExecuteAsync(sql, row);</c> as a statement → <c>await new TRepository(c).InsertAsync(row);</c></item>
/// </list>
/// Offered only when the repository type exists in the compilation and takes an NpgsqlConnection.
/// </summary>
internal static class RepositoryInsertFix
{
    /// <summary>The node to replace and its replacement, or null when the call does not have that shape.</summary>
    public static (SyntaxNode Old, SyntaxNode New, string Repository)? TryCreate(SemanticModel model, ExpressionSyntax sqlExpression, string table, CancellationToken cancellationToken) =>
        TryCreate(model, sqlExpression, table, "InsertAsync", (_, _) => "", cancellationToken);

    /// <summary>
    /// The same replacement calling <paramref name="method"/> (<c>InsertAsync</c>, <c>UpsertAsync</c>, <c>MoveAsync</c>)
    /// with the row and, after it, the text <paramref name="moreArguments"/> makes from the record and the call
    /// (<c>""</c>, or <c>", previous"</c>); null from it means the call cannot be made.
    /// </summary>
    public static (SyntaxNode Old, SyntaxNode New, string Repository)? TryCreate(
        SemanticModel model,
        ExpressionSyntax sqlExpression,
        string table,
        string method,
        System.Func<INamedTypeSymbol, InvocationExpressionSyntax, string?> moreArguments,
        CancellationToken cancellationToken)
    {
        if (sqlExpression.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
            || invocation.Parent is not AwaitExpressionSyntax awaited
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || operation.TargetMethod.ContainingType?.ToDisplayString() != "Dapper.SqlMapper")
        {
            return null;
        }

        var connection = Argument(operation, "cnn");
        var row = Argument(operation, "param");
        var transaction = Argument(operation, "transaction");
        if (connection is null || row is null
            || connection.Type is not INamedTypeSymbol connectionType || !TypeHierarchy.DerivesFrom(connectionType, model.Compilation.GetTypeByMetadataName("Npgsql.NpgsqlConnection"))
            || row.Type is not INamedTypeSymbol record || !ModelParser.IsTableModel(record) || record.ContainingType is not null)
        {
            return null;
        }

        var (schema, name) = ModelParser.TableName(record);
        if (new SqlName(schema, name).ToString() != table)
        {
            return null;
        }

        var repository = model.Compilation.GetTypeByMetadataName(
            (record.ContainingNamespace.IsGlobalNamespace ? "" : record.ContainingNamespace.ToDisplayString() + ".") + record.Name + "Repository");
        if (repository is null || !repository.GetMembers(method).Any()
            || !repository.InstanceConstructors.Any(c => c.Parameters.Length >= 1 && c.Parameters[0].Type.ToDisplayString() == "Npgsql.NpgsqlConnection")
            || moreArguments(record, invocation) is not { } more)
        {
            return null;
        }

        var arguments = "(" + connection.Syntax.WithoutTrivia() + (transaction is null || transaction.ConstantValue is { HasValue: true, Value: null } ? "" : ", " + transaction.Syntax.WithoutTrivia()) + ")";
        var call = "new " + repository.ToMinimalDisplayString(model, invocation.SpanStart) + arguments + "." + method + "(" + row.Syntax.WithoutTrivia() + more + ")";
        var dapper = operation.TargetMethod;
        switch (dapper.Name)
        {
            case "QuerySingleAsync" or "QueryFirstAsync" or "QuerySingleOrDefaultAsync" or "QueryFirstOrDefaultAsync"
                when dapper.TypeArguments.Length == 1 && SymbolEqualityComparer.Default.Equals(dapper.TypeArguments[0], record):
                return (invocation, Parse(call).WithTriviaFrom(invocation), repository.Name);

            case "ExecuteAsync" when awaited.Parent is ExpressionStatementSyntax:
                return (invocation, Parse(call).WithTriviaFrom(invocation), repository.Name);

            case "ExecuteScalarAsync" when dapper.TypeArguments.Length == 1
                && KeyProperty(record, model.Compilation, sqlExpression, cancellationToken) is { } key
                && SymbolEqualityComparer.Default.Equals(dapper.TypeArguments[0], key.Type):
                return (awaited, Parse("(await " + call + ")." + key.Name).WithTriviaFrom(awaited), repository.Name);

            default:
                return null;
        }
    }

    /// <summary>The record property the SQL's RETURNING column maps to, when that column is the table's key.</summary>
    private static IPropertySymbol? KeyProperty(INamedTypeSymbol record, Compilation compilation, ExpressionSyntax sqlExpression, CancellationToken cancellationToken)
    {
        var model = compilation.GetSemanticModel(sqlExpression.SyntaxTree);
        if (model.GetOperation(sqlExpression, cancellationToken) is not { } operation
            || Analyzers.Sql.SqlValue.Evaluate(operation, cancellationToken) is not { } sql)
        {
            return null;
        }

        var document = SqlDocument.Parse(sql);
        var insert = document.Statements.SelectMany(s => s.Inserts).FirstOrDefault(i => i.HasReturning);
        var spec = ModelParser.Parse(record, cancellationToken).Spec;
        if (insert is null || spec is null)
        {
            return null;
        }

        var returned = document.Tokens[insert.EndToken - 1];
        var key = spec.Columns.FirstOrDefault(c => c.IsKey && c.ColumnName == returned.Value && insert.EndToken - insert.ReturningToken is 2 or 4);
        return key is null ? null : record.GetMembers(key.PropertyName).OfType<IPropertySymbol>().FirstOrDefault();
    }

    private static ExpressionSyntax Parse(string expression) =>
        SyntaxFactory.ParseExpression(expression);

    private static IOperation? Argument(IInvocationOperation operation, string parameter)
    {
        var argument = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter && a.ArgumentKind != ArgumentKind.DefaultValue);
        var value = argument?.Value;
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value;
    }
}
