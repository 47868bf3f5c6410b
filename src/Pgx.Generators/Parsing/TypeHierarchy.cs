using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Pgx.Generators.Parsing;

/// <summary>The types around a type: the ones it derives from and the ones it is nested in.</summary>
internal static class TypeHierarchy
{
    /// <summary>The types <paramref name="type"/> is nested in, innermost first.</summary>
    public static IEnumerable<INamedTypeSymbol> ContainingTypes(INamedTypeSymbol type)
    {
        for (var t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            yield return t;
        }
    }

    /// <summary><paramref name="type"/> and the types it derives from, itself first, <c>object</c> left out.</summary>
    public static IEnumerable<INamedTypeSymbol> SelfAndBaseTypes(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            yield return t;
        }
    }

    /// <summary>
    /// <paramref name="type"/> and the types it derives from, the most basic first (<c>object</c> left out): the
    /// order in which a record's members are declared, base record first.
    /// </summary>
    public static IEnumerable<INamedTypeSymbol> BaseTypesFirst(INamedTypeSymbol type) => SelfAndBaseTypes(type).Reverse();

    /// <summary>Whether <paramref name="type"/> is <paramref name="baseType"/> or derives from it (a generic type by its definition).</summary>
    public static bool DerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
