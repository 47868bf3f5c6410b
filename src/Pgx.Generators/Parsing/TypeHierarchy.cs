using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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

    /// <summary>
    /// Whether <paramref name="test"/> holds for <paramref name="type"/> and every type it is nested in. A loop rather
    /// than <see cref="ContainingTypes"/> and LINQ: the parser asks this for every record on every keystroke.
    /// </summary>
    public static bool HoldsForSelfAndContainingTypes(INamedTypeSymbol type, Func<INamedTypeSymbol, bool> test)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (!test(t))
            {
                return false;
            }
        }

        return true;
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

    /// <summary>
    /// The properties and fields of <paramref name="type"/> and of the types it derives from, the most basic first
    /// (<c>object</c> left out), each type's in declaration order: what the parser reads columns and required members
    /// from. A parse asks once per type and shares these (Roslyn builds new arrays on every read).
    /// </summary>
    public static List<DeclaredMembers> MembersBaseFirst(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var members = new List<DeclaredMembers>();
        for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            members.Add(DeclaredMembers.Of(t, cancellationToken));
        }

        members.Reverse();
        return members;
    }

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
