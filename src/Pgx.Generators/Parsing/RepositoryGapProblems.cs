using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Model;

namespace Pgx.Generators.Parsing;

/// <summary>
/// The symbol side of <see cref="RepositoryGaps"/>: reads the <c>required</c> members into the model, and turns
/// each gap the model shows into PGX0024 at the record or member, saying why and what to write instead.
/// </summary>
internal static class RepositoryGapProblems
{
    private const string SetsRequiredMembers = "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute";

    /// <summary>
    /// The required members of a record and its base records (<paramref name="membersBaseFirst"/>), base first, by name; none when the
    /// constructor repositories call (the primary one, else the parameterless one) has <c>[SetsRequiredMembers]</c>.
    /// </summary>
    public static EquatableArray<string> RequiredMembers(
        List<DeclaredMembers> membersBaseFirst,
        ImmutableArray<IMethodSymbol> constructors,
        IMethodSymbol? primaryConstructor)
    {
        List<string>? names = null;
        foreach (var declared in membersBaseFirst)
        {
            foreach (var member in declared.Symbols)
            {
                if (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true } && !(names ??= new List<string>()).Contains(member.Name))
                {
                    names.Add(member.Name);
                }
            }
        }

        // The constructor's attributes are bound only for a record with required members: most have none, and
        // binding them would be paid for every record on every keystroke.
        if (names is null)
        {
            return EquatableArray<string>.Empty;
        }

        var constructor = primaryConstructor ?? constructors.FirstOrDefault(c => c.Parameters.Length == 0);
        return constructor is not null && constructor.GetAttributes().Find(SetsRequiredMembers) is not null
            ? EquatableArray<string>.Empty
            : names.ToEquatableArray();
    }

    /// <summary>Adds PGX0024 for every gap of <paramref name="spec"/>, the model of <paramref name="type"/>.</summary>
    public static void Report(INamedTypeSymbol type, TableSpec spec, ProblemList problems)
    {
        var typeLocation = type.Locations.FirstOrDefault();
        var repository = spec.TypeName + "Repository";
        foreach (var gap in spec.RepositoryGaps)
        {
            var what = gap.PreventsRepository ? "Pgx generates no " + repository : repository + " does not read '" + gap.Member + "' back";
            var (why, instead) = Explain(type, spec, gap);
            var member = gap.Kind is RepositoryGapKind.NotVisible or RepositoryGapKind.CannotConstruct ? null : Member(type, gap.Member);
            var location = member?.Locations.FirstOrDefault(l => l.IsInSource) ?? typeLocation;
            problems.Add(Descriptors.RepositoryGap, location, what, why, instead);
        }
    }

    private static (string Why, string Instead) Explain(INamedTypeSymbol type, TableSpec spec, RepositoryGap gap)
    {
        var name = spec.TypeName;
        switch (gap.Kind)
        {
            case RepositoryGapKind.NotVisible:
            {
                var hidden = new[] { type }.Concat(TypeHierarchy.ContainingTypes(type)).Where(t => !IsNameableInNamespace(t)).ToList();
                var where = spec.Namespace.Length == 0 ? "the global namespace" : "namespace " + spec.Namespace;
                var why = hidden[0].Equals(type, SymbolEqualityComparer.Default)
                    ? name + " is " + Accessibility(type) + ", so code in " + where + " cannot name it"
                    : name + " is nested in " + hidden[0].Name + ", which is " + Accessibility(hidden[0]) + ", so code in " + where + " cannot name " + name;
                return (why, "declare " + string.Join(" and ", hidden.Select(t => t.Name)) + " internal or public");
            }

            case RepositoryGapKind.CannotConstruct:
                return (
                    name + " has no primary constructor and no accessible parameterless constructor, so the repository cannot build the rows it reads",
                    "make it a positional record (record " + name + "(…)) or add a parameterless constructor");

            case RepositoryGapKind.RequiredMemberNotSet:
            {
                var instead = spec.ConstructorParameters.IsEmpty
                    ? "map it as a column with a public set or init accessor, drop 'required', or mark the parameterless constructor [SetsRequiredMembers]"
                    : "map it as a property column with a public set or init accessor, or drop 'required'";
                return ("the required member '" + gap.Member + "' " + WhyNotSet(type, spec, gap.Member) + ", so the new " + name + "(…) { … } that builds the rows it reads would not compile (CS9035)", instead);
            }

            case RepositoryGapKind.KeyNotSettable:
                return (
                    "the key '" + gap.Member + "' takes its values from the sequence " + spec.Sequence!.Schema + "." + spec.Sequence.Name
                        + " but has no public set or init accessor, so InsertAsync cannot hand back the row with its key (row with { " + gap.Member + " = … })",
                    "give it an init accessor ({ get; init; }), as a positional parameter has");

            default:
            {
                var column = spec.Columns.First(c => c.PropertyName == gap.Member);
                return (
                    "it is mapped to the column '" + column.ColumnName + "', but has no public set or init accessor and is no constructor parameter, so the rows the repository returns carry what the property computes, not the stored value",
                    "give it an init accessor or make it a positional parameter, or mark it [PgIgnore] if it should not be a column");
            }
        }
    }

    private static string WhyNotSet(INamedTypeSymbol type, TableSpec spec, string member)
    {
        var column = spec.Columns.FirstOrDefault(c => c.PropertyName == member);
        if (column is null)
        {
            return Member(type, member) is IFieldSymbol ? "is a field, which Pgx never maps" : "is not mapped to a column";
        }

        return column.ConstructorParameterIndex >= 0
            ? "is set through the constructor, which does not count for 'required'"
            : "has no public set or init accessor";
    }

    /// <summary>The property or field named <paramref name="name"/> of the record or its base records.</summary>
    private static ISymbol? Member(INamedTypeSymbol type, string name) =>
        TypeHierarchy.SelfAndBaseTypes(type).SelectMany(t => t.GetMembers(name)).FirstOrDefault(m => m is IPropertySymbol or IFieldSymbol);

    /// <summary>Whether code in the namespace can name <paramref name="type"/> as far as its own accessibility goes.</summary>
    public static bool IsNameableInNamespace(INamedTypeSymbol type) =>
        type.DeclaredAccessibility is Microsoft.CodeAnalysis.Accessibility.Public or Microsoft.CodeAnalysis.Accessibility.Internal or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal;

    private static string Accessibility(INamedTypeSymbol type) => type.DeclaredAccessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Private => "private",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => type.DeclaredAccessibility.ToString().ToLowerInvariant(),
    };
}
