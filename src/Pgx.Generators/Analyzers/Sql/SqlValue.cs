using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Pgx.Generators.Analyzers.Sql;

/// <summary>
/// The SQL text an expression holds, as far as the compiler can know it: literals (regular, verbatim, raw),
/// consts (in any class or referenced assembly: the compiler folds them), the constant parts of interpolated
/// strings, concatenations of those, a local assigned exactly once, and a <c>readonly</c> field (static or not)
/// declared with an initializer in the same file and never assigned elsewhere. What cannot be known becomes
/// <see cref="Hole"/>, which is not a name, keyword or string, so it can neither match a table nor start a clause.
/// </summary>
internal static class SqlValue
{
    /// <summary>Stands for a part of the SQL that is only known at run time.</summary>
    public const string Hole = "$0";

    private const int MaxDepth = 8;

    /// <summary>The SQL of <paramref name="operation"/>, or null when none of it is known.</summary>
    public static string? Evaluate(IOperation operation, CancellationToken cancellationToken) => Evaluate(operation, 0, cancellationToken);

    private static string? Evaluate(IOperation operation, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        if (operation.ConstantValue is { HasValue: true } constant)
        {
            return constant.Value switch
            {
                string text => text,
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                _ => null,
            };
        }

        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                var builder = new StringBuilder();
                foreach (var part in interpolated.Parts)
                {
                    builder.Append(part is IInterpolatedStringTextOperation text
                        ? text.Text.ConstantValue.Value as string
                        : part is IInterpolationOperation hole ? Evaluate(hole.Expression, depth + 1, cancellationToken) ?? Hole : Hole);
                }

                return builder.ToString();

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                var left = Evaluate(binary.LeftOperand, depth + 1, cancellationToken);
                var right = Evaluate(binary.RightOperand, depth + 1, cancellationToken);
                return left is null && right is null ? null : (left ?? Hole) + (right ?? Hole);

            case ILocalReferenceOperation local:
                return EvaluateLocal(local, depth, cancellationToken);

            case IFieldReferenceOperation { Field: { IsReadOnly: true, IsConst: false } field } reference:
                return EvaluateReadOnlyField(field, reference.SemanticModel, depth, cancellationToken);

            default:
                return null;
        }
    }

    /// <summary>A local's value, when the local is written exactly once: by its initializer, or by one assignment.</summary>
    private static string? EvaluateLocal(ILocalReferenceOperation reference, int depth, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        var model = reference.SemanticModel;
        if (local.IsRef || model is null
            || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
            || declarator.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        // A local is visible in its member only (for top-level statements: the file).
        SyntaxNode scope = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member and not GlobalStatementSyntax
            ? member
            : declarator.SyntaxTree.GetRoot(cancellationToken);

        var writes = 0;
        ExpressionSyntax? assigned = null;
        foreach (var node in scope.DescendantNodes())
        {
            if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != local.Name || !IsWrite(name, out var value))
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
            {
                writes++;
                assigned = value;
            }
        }

        var source = declarator.Initializer is { } initializer
            ? (writes == 0 ? initializer.Value : null)
            : (writes == 1 ? assigned : null);
        return source is not null && model.GetOperation(source, cancellationToken) is { } operation
            ? Evaluate(operation, depth + 1, cancellationToken)
            : null;
    }

    /// <summary>
    /// A <c>readonly</c> field's initializer, when the field and every part of its type are declared in the file being
    /// analyzed (a constructor elsewhere could assign it) and no constructor assigns it.
    /// </summary>
    private static string? EvaluateReadOnlyField(IFieldSymbol field, SemanticModel? model, int depth, CancellationToken cancellationToken)
    {
        if (model is null
            || field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer } declarator
            || declarator.SyntaxTree != model.SyntaxTree
            || field.ContainingType.DeclaringSyntaxReferences.Any(r => r.SyntaxTree != model.SyntaxTree))
        {
            return null;
        }

        foreach (var type in field.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in type.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is IdentifierNameSyntax name && name.Identifier.ValueText == field.Name
                    && IsWrite(name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name, out _)
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, field))
                {
                    return null;
                }
            }
        }

        return model.GetOperation(initializer.Value, cancellationToken) is { } operation
            ? Evaluate(operation, depth + 1, cancellationToken)
            : null;
    }

    /// <summary>Whether <paramref name="name"/> is written here; <paramref name="value"/> is what a plain assignment stores.</summary>
    private static bool IsWrite(ExpressionSyntax name, out ExpressionSyntax? value)
    {
        value = null;
        switch (name.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == name:
                value = assignment.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression) ? assignment.Right : null;
                return true;
            case ArgumentSyntax { RefKindKeyword.RawKind: not 0 }:
                return true; // ref or out
            case RefExpressionSyntax:
                return true; // ref var alias = ref sql;
            case ArgumentSyntax { Parent: TupleExpressionSyntax tuple }:
                return tuple.Parent is AssignmentExpressionSyntax deconstruction && deconstruction.Left == tuple;
            case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax:
                return true;
            default:
                return false;
        }
    }
}
