using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pgx.Generators.Parsing;

/// <summary>
/// The properties and fields one type declares, in declaration order, and, when they were read from the type's
/// declaration, which of them (and of its positional parameters) carry no attribute at all.
/// </summary>
/// <remarks>
/// <c>GetMembers()</c> gives the members in that order too, but sorts all of a record's members by source location
/// to do it (its synthesized methods and accessors included), which costs a keystroke more than the rest of reading
/// a record. A type declared in one place is read from its syntax instead: the names in the order written, each looked
/// up by name (no sort). The same syntax says which members have no attribute list that applies to them, so that
/// the parser need not ask Roslyn to bind attributes there are none of (<c>GetAttributes()</c> on a property also
/// binds its backing field's). Partial types and types from metadata fall back to <c>GetMembers()</c> and to binding.
/// </remarks>
internal readonly struct DeclaredMembers
{
    // Bit i set: Symbols[i] (or positional parameter i) has no attribute. Members past the 64th are always bound.
    private readonly ulong _withoutAttributes;
    private readonly ulong _parametersWithoutAttributes;

    private DeclaredMembers(ImmutableArray<ISymbol> symbols, ulong withoutAttributes, ulong parametersWithoutAttributes)
    {
        Symbols = symbols;
        _withoutAttributes = withoutAttributes;
        _parametersWithoutAttributes = parametersWithoutAttributes;
    }

    /// <summary>The properties and fields, in declaration order.</summary>
    public ImmutableArray<ISymbol> Symbols { get; }

    /// <summary>Whether <c>Symbols[index]</c> certainly has no attribute (false when that is not known).</summary>
    public bool HasNoAttributes(int index) => index < 64 && (_withoutAttributes & (1UL << index)) != 0;

    /// <summary>Whether the type's positional parameter at <paramref name="ordinal"/> certainly has no attribute of its own.</summary>
    public bool ParameterHasNoAttributes(int ordinal) => ordinal is >= 0 and < 64 && (_parametersWithoutAttributes & (1UL << ordinal)) != 0;

    /// <summary>What <paramref name="type"/> declares.</summary>
    public static DeclaredMembers Of(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var declarations = type.DeclaringSyntaxReferences;
        if (declarations.Length != 1 || declarations[0].GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
        {
            return new DeclaredMembers(type.GetMembers(), 0, 0);
        }

        // Sized for one symbol per name written, so that the array is handed over rather than copied.
        var members = ImmutableArray.CreateBuilder<ISymbol>((declaration.ParameterList?.Parameters.Count ?? 0) + declaration.Members.Count);
        ulong withoutAttributes = 0;
        ulong parametersWithoutAttributes = 0;

        // A positional parameter makes a property at the parameter, unless the body declares a member by that name
        // (then the member is where the body declares it). The property's attributes are the parameter's
        // [property: …] lists; the parameter's own are the lists without a target or with param:.
        if (declaration.ParameterList is { Parameters.Count: > 0 } parameterList)
        {
            var parameters = parameterList.Parameters;
            for (var ordinal = 0; ordinal < parameters.Count; ordinal++)
            {
                var parameter = parameters[ordinal];
                if (!Targets(parameter.AttributeLists, "param", orNone: true) && ordinal < 64)
                {
                    parametersWithoutAttributes |= 1UL << ordinal;
                }

                var name = parameter.Identifier.ValueText;
                if (!DeclaresInBody(declaration, name))
                {
                    Add(type, name, !Targets(parameter.AttributeLists, "property", orNone: false), members, ref withoutAttributes);
                }
            }
        }

        foreach (var member in declaration.Members)
        {
            switch (member)
            {
                case PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property:
                    Add(type, property.Identifier.ValueText, !Targets(property.AttributeLists, "property", orNone: true), members, ref withoutAttributes);
                    break;
                case FieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        Add(type, variable.Identifier.ValueText, field.AttributeLists.Count == 0, members, ref withoutAttributes);
                    }

                    break;
            }
        }

        return new DeclaredMembers(members.Count == members.Capacity ? members.MoveToImmutable() : members.ToImmutable(), withoutAttributes, parametersWithoutAttributes);
    }

    // Whether one of the lists applies to the target named (param, property), or has no target when orNone.
    private static bool Targets(SyntaxList<AttributeListSyntax> lists, string target, bool orNone)
    {
        foreach (var list in lists)
        {
            if (list.Target is null ? orNone : list.Target.Identifier.ValueText == target)
            {
                return true;
            }
        }

        return false;
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

    private static void Add(INamedTypeSymbol type, string name, bool withoutAttributes, ImmutableArray<ISymbol>.Builder members, ref ulong withoutAttributesMask)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is IPropertySymbol or IFieldSymbol)
            {
                if (withoutAttributes && members.Count < 64)
                {
                    withoutAttributesMask |= 1UL << members.Count;
                }

                members.Add(member);
            }
        }
    }
}
