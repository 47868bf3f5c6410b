using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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
        // TypeArguments is a new array on every call: read once.
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            && nullable.TypeArguments is { Length: 1 } arguments
            && Known(arguments[0], nullable: true) is { } valueName)
        {
            return valueName;
        }

        if (Known(type, type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated) is { } name)
        {
            return name;
        }

        return type.ToDisplayString(Format);
    }

    // Constants, with and without "?", so that naming a column's type allocates nothing.
    private static string? Known(ITypeSymbol type, bool nullable) => type.SpecialType switch
    {
        SpecialType.System_Boolean => nullable ? "bool?" : "bool",
        SpecialType.System_Int16 => nullable ? "short?" : "short",
        SpecialType.System_Int32 => nullable ? "int?" : "int",
        SpecialType.System_Int64 => nullable ? "long?" : "long",
        SpecialType.System_String => nullable ? "string?" : "string",
        SpecialType.System_Decimal => nullable ? "decimal?" : "decimal",
        SpecialType.System_Double => nullable ? "double?" : "double",
        SpecialType.System_Single => nullable ? "float?" : "float",
        SpecialType.System_DateTime => nullable ? "global::System.DateTime?" : "global::System.DateTime",
        _ => type is INamedTypeSymbol { Arity: 0, ContainingType: null, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named
            ? named.Name switch
            {
                "Guid" => nullable ? "global::System.Guid?" : "global::System.Guid",
                "DateTimeOffset" => nullable ? "global::System.DateTimeOffset?" : "global::System.DateTimeOffset",
                "DateOnly" => nullable ? "global::System.DateOnly?" : "global::System.DateOnly",
                "TimeOnly" => nullable ? "global::System.TimeOnly?" : "global::System.TimeOnly",
                _ => null,
            }
            : null,
    };

    /// <summary>
    /// <paramref name="ns"/> dotted, as <c>ToDisplayString()</c> writes it; empty for the global namespace. Every
    /// record's spec names its namespace and type, so this runs on every keystroke for every record.
    /// </summary>
    public static string Namespace(INamespaceSymbol? ns)
    {
        if (ns is null || ns.IsGlobalNamespace)
        {
            return "";
        }

        return Dotted(ns) ?? ns.ToDisplayString();
    }

    // The names of ns and its containing namespaces joined by dots, outermost first, with no list to reverse and join:
    // one string for a namespace one or two deep. Null when one of them is a keyword, which SymbolDisplay escapes (@class).
    private static string? Dotted(INamespaceSymbol ns)
    {
        var name = ns.Name;
        if (IsKeyword(name))
        {
            return null;
        }

        if (ns.ContainingNamespace is not { IsGlobalNamespace: false } outer)
        {
            return name;
        }

        return Dotted(outer) is { } prefix ? prefix + "." + name : null;
    }

    /// <summary>
    /// A non-generic type (in non-generic containing types) named as <c>SymbolDisplayFormat.FullyQualifiedFormat</c>
    /// names it, given its namespace as <see cref="Namespace"/> returns it. Anything the shortcut does not cover
    /// (generics, names that are keywords) is displayed by Roslyn.
    /// </summary>
    public static string FullyQualified(INamedTypeSymbol type, string ns)
    {
        var name = type.Name;
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.Arity > 0 || IsKeyword(t.Name))
            {
                return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }

            if (!ReferenceEquals(t, type))
            {
                name = t.Name + "." + name;
            }
        }

        for (var n = type.ContainingNamespace; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace)
        {
            if (IsKeyword(n.Name))
            {
                return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }
        }

        return ns.Length == 0 ? "global::" + name : "global::" + ns + "." + name;
    }

    // SymbolDisplay escapes keywords used as names (@class); the shortcuts leave those to it.
    private static bool IsKeyword(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None;
}
