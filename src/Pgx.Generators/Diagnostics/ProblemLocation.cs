using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pgx.Generators.Diagnostics;

/// <summary>
/// Where a problem is written, found only when <see cref="ProblemList"/> keeps the problem: an attribute, one of its
/// positional arguments or one of its named arguments, else a location the parser already has (a symbol's). Finding
/// an attribute's syntax is most of what reporting costs, and the generator, which reports nothing, never pays it.
/// </summary>
internal readonly struct ProblemLocation
{
    private const int WholeAttribute = -1;

    private readonly AttributeData? _attribute;
    private readonly int _argument;
    private readonly string? _namedArgument;
    private readonly Location? _fallback;

    private ProblemLocation(AttributeData? attribute, int argument, string? namedArgument, Location? fallback)
    {
        _attribute = attribute;
        _argument = argument;
        _namedArgument = namedArgument;
        _fallback = fallback;
    }

    /// <summary>A location the parser already has.</summary>
    public static implicit operator ProblemLocation(Location? location) => new(null, WholeAttribute, null, location);

    /// <summary>The whole of <paramref name="attribute"/>, if there is one.</summary>
    public static ProblemLocation Attribute(AttributeData? attribute) => new(attribute, WholeAttribute, null, null);

    /// <summary>
    /// The <paramref name="index"/>-th positional argument of <paramref name="attribute"/> (the attribute itself when
    /// it has fewer), so a bad value is underlined, not the whole attribute.
    /// </summary>
    public static ProblemLocation Argument(AttributeData? attribute, int index) => new(attribute, index, null, null);

    /// <summary>The named argument <paramref name="name"/> of <paramref name="attribute"/> (the attribute itself when it is not written).</summary>
    public static ProblemLocation NamedArgument(AttributeData? attribute, string name) => new(attribute, WholeAttribute, name, null);

    /// <summary>This location, or <paramref name="fallback"/> when there is no attribute or it has no syntax (it comes from metadata).</summary>
    public ProblemLocation Or(Location? fallback) => new(_attribute, _argument, _namedArgument, fallback);

    /// <summary>Looks the location up.</summary>
    public Location? Find(CancellationToken cancellationToken)
    {
        if (_attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return _fallback;
        }

        SyntaxNode? argument = null;
        if (_namedArgument is { } name)
        {
            argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        }
        else if (_argument != WholeAttribute)
        {
            argument = syntax.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ElementAtOrDefault(_argument);
        }

        return (argument ?? syntax).GetLocation();
    }
}
