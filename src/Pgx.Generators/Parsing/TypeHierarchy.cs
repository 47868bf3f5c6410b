using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
    public static List<ImmutableArray<ISymbol>> MembersBaseFirst(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var members = new List<ImmutableArray<ISymbol>>();
        for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            members.Add(DeclaredPropertiesAndFields(t, cancellationToken));
        }

        members.Reverse();
        return members;
    }

    /// <summary>
    /// The properties and fields <paramref name="type"/> declares, in declaration order. <c>GetMembers()</c> gives
    /// them in that order too, but sorts all of a record's members by source location to do it (its synthesized
    /// methods and accessors included), which costs a keystroke more than the rest of reading a record. A type
    /// declared in one place is read from its syntax instead: the names in the order written, each looked up by
    /// name (no sort). Partial types and types from metadata fall back to <c>GetMembers()</c>.
    /// </summary>
    private static ImmutableArray<ISymbol> DeclaredPropertiesAndFields(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var declarations = type.DeclaringSyntaxReferences;
        if (declarations.Length != 1 || declarations[0].GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
        {
            return type.GetMembers();
        }

        var members = ImmutableArray.CreateBuilder<ISymbol>();

        // A positional parameter makes a property at the parameter, unless the body declares a member by that name
        // (then the member is where the body declares it).
        if (declaration.ParameterList is { Parameters.Count: > 0 } parameterList)
        {
            foreach (var parameter in parameterList.Parameters)
            {
                var name = parameter.Identifier.ValueText;
                if (!DeclaresInBody(declaration, name))
                {
                    AddPropertiesAndFields(type, name, members);
                }
            }
        }

        foreach (var member in declaration.Members)
        {
            switch (member)
            {
                case PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property:
                    AddPropertiesAndFields(type, property.Identifier.ValueText, members);
                    break;
                case FieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        AddPropertiesAndFields(type, variable.Identifier.ValueText, members);
                    }

                    break;
            }
        }

        return members.ToImmutable();
    }

    private static bool DeclaresInBody(TypeDeclarationSyntax declaration, string name)
    {
        foreach (var member in declaration.Members)
        {
            switch (member)
            {
                case PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property when property.Identifier.ValueText == name:
                    return true;
                case FieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Identifier.ValueText == name)
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    private static void AddPropertiesAndFields(INamedTypeSymbol type, string name, ImmutableArray<ISymbol>.Builder members)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is IPropertySymbol or IFieldSymbol)
            {
                members.Add(member);
            }
        }
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
