using Microsoft.CodeAnalysis;

namespace Pgx.Generators.Parsing;

/// <summary>
/// Type names as the generated code writes them (<c>global::</c>-qualified, keywords for special types, <c>?</c> when
/// nullable). Most properties have one of a few types Pgx maps; those are named without SymbolDisplay, which every
/// keystroke would otherwise pay for every property.
/// </summary>
internal static class TypeNames
{
    /// <summary>The format the names follow; anything the shortcut does not know is displayed with it.</summary>
    public static readonly SymbolDisplayFormat Format =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The name of <paramref name="type"/> in <see cref="Format"/>.</summary>
    public static string Of(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable
            && Known(nullable.TypeArguments[0]) is { } valueName)
        {
            return valueName + "?";
        }

        if (Known(type) is { } name)
        {
            return type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated ? name + "?" : name;
        }

        return type.ToDisplayString(Format);
    }

    private static string? Known(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Boolean => "bool",
        SpecialType.System_Int16 => "short",
        SpecialType.System_Int32 => "int",
        SpecialType.System_Int64 => "long",
        SpecialType.System_String => "string",
        SpecialType.System_Decimal => "decimal",
        SpecialType.System_Double => "double",
        SpecialType.System_Single => "float",
        SpecialType.System_DateTime => "global::System.DateTime",
        _ => type is INamedTypeSymbol { Arity: 0, ContainingType: null, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named
            && named.Name is "Guid" or "DateTimeOffset" or "DateOnly" or "TimeOnly"
            ? "global::System." + named.Name
            : null,
    };
}
