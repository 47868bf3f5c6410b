using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;

namespace Pgx.Generators.Parsing;

/// <summary>Reads constants out of <see cref="AttributeData"/> defensively: broken code yields null, never an exception.</summary>
internal static class AttributeReading
{
    /// <summary>The constructor argument at <paramref name="index"/>, if present and not an error.</summary>
    public static TypedConstant? Arg(this AttributeData attribute, int index) =>
        index < attribute.ConstructorArguments.Length && attribute.ConstructorArguments[index].Kind != TypedConstantKind.Error
            ? attribute.ConstructorArguments[index]
            : null;

    /// <summary>The constructor argument at <paramref name="index"/> as a string.</summary>
    public static string? StringArg(this AttributeData attribute, int index) => attribute.Arg(index)?.Value as string;

    /// <summary>The elements of an array argument (<c>params</c> included); empty for null, errors and non-arrays.</summary>
    public static ImmutableArray<TypedConstant> ArrayArg(this AttributeData attribute, int index) =>
        attribute.Arg(index) is { Kind: TypedConstantKind.Array, IsNull: false } array ? array.Values : ImmutableArray<TypedConstant>.Empty;

    /// <summary>The named argument <paramref name="name"/>, if set and not an error.</summary>
    public static TypedConstant? Named(this AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Kind != TypedConstantKind.Error)
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>The named argument as a string.</summary>
    public static string? NamedString(this AttributeData attribute, string name) => attribute.Named(name)?.Value as string;

    /// <summary>The named argument as a bool, or <paramref name="fallback"/>.</summary>
    public static bool NamedBool(this AttributeData attribute, string name, bool fallback) =>
        attribute.Named(name)?.Value is bool b ? b : fallback;

    /// <summary>The named argument as an int (enums included), or <paramref name="fallback"/>.</summary>
    public static int NamedInt(this AttributeData attribute, string name, int fallback) =>
        attribute.Named(name)?.Value is int i ? i : fallback;

    /// <summary>Where the attribute is written, looked up only if a problem there is kept.</summary>
    public static ProblemLocation At(this AttributeData? attribute) => ProblemLocation.Attribute(attribute);

    /// <summary>Where the attribute's <paramref name="index"/>-th positional argument is written, looked up only if a problem there is kept.</summary>
    public static ProblemLocation AtArgument(this AttributeData? attribute, int index) => ProblemLocation.Argument(attribute, index);

    /// <summary>Where the attribute's positional arguments <paramref name="first"/> to <paramref name="last"/> are written, as one span, looked up only if a problem there is kept.</summary>
    public static ProblemLocation AtArguments(this AttributeData? attribute, int first, int last) => ProblemLocation.Arguments(attribute, first, last);

    /// <summary>Where the attribute's named argument <paramref name="name"/> is written, looked up only if a problem there is kept.</summary>
    public static ProblemLocation AtNamedArgument(this AttributeData? attribute, string name) => ProblemLocation.NamedArgument(attribute, name);

    /// <summary>Where the attribute is written.</summary>
    public static Location? Location(this AttributeData attribute, CancellationToken cancellationToken) =>
        ProblemLocation.Attribute(attribute).Find(cancellationToken);

    /// <summary>
    /// Where the attribute's <paramref name="index"/>-th positional argument is written (the attribute itself
    /// when it cannot tell), so a bad value is underlined, not the whole attribute.
    /// </summary>
    public static Location? ArgumentLocation(this AttributeData attribute, int index, CancellationToken cancellationToken) =>
        ProblemLocation.Argument(attribute, index).Find(cancellationToken);
}
