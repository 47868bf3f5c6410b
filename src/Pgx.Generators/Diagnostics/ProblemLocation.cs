using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Pgx.Generators.Diagnostics;

/// <summary>
/// Where a problem is written, found only when <see cref="ProblemList"/> keeps the problem: an attribute, one of its
/// positional arguments or one of its named arguments, else a symbol's (its first location). Finding an attribute's
/// syntax is most of what reporting costs, and a symbol's location is a new object on every read of
/// <see cref="ISymbol.Locations"/>: the generator, which reports nothing, pays for neither. A value of this type
/// lives only while a record is parsed; no symbol it holds reaches the model.
/// </summary>
internal readonly struct ProblemLocation
{
    private const int WholeAttribute = -1;

    private readonly AttributeData? _attribute;
    private readonly int _argument;
    private readonly int _lastArgument;
    private readonly string? _namedArgument;
    // A Location, or the ISymbol whose first location it is, read only when a problem is kept.
    private readonly object? _fallback;

    private ProblemLocation(AttributeData? attribute, int argument, int lastArgument, string? namedArgument, object? fallback)
    {
        _attribute = attribute;
        _argument = argument;
        _lastArgument = lastArgument;
        _namedArgument = namedArgument;
        _fallback = fallback;
    }

    /// <summary>A location the parser already has.</summary>
    public static implicit operator ProblemLocation(Location? location) => new(null, WholeAttribute, WholeAttribute, null, location);

    /// <summary>Where <paramref name="symbol"/> is declared (its first location), looked up only if a problem there is kept.</summary>
    public static ProblemLocation Symbol(ISymbol? symbol) => new(null, WholeAttribute, WholeAttribute, null, symbol);

    /// <summary>The whole of <paramref name="attribute"/>, if there is one.</summary>
    public static ProblemLocation Attribute(AttributeData? attribute) => new(attribute, WholeAttribute, WholeAttribute, null, null);

    /// <summary>
    /// The <paramref name="index"/>-th positional argument of <paramref name="attribute"/> (the attribute itself when
    /// it has fewer), so a bad value is underlined, not the whole attribute.
    /// </summary>
    public static ProblemLocation Argument(AttributeData? attribute, int index) => new(attribute, index, index, null, null);

    /// <summary>
    /// The positional arguments <paramref name="first"/> to <paramref name="last"/> of <paramref name="attribute"/>,
    /// as one span (the attribute itself when it has fewer): the two bounds of a range, the properties of an index.
    /// </summary>
    public static ProblemLocation Arguments(AttributeData? attribute, int first, int last) => new(attribute, first, last, null, null);

    /// <summary>The named argument <paramref name="name"/> of <paramref name="attribute"/> (the attribute itself when it is not written).</summary>
    public static ProblemLocation NamedArgument(AttributeData? attribute, string name) => new(attribute, WholeAttribute, WholeAttribute, name, null);

    /// <summary>
    /// This location, or <paramref name="fallback"/> (a location the parser has, or a <see cref="Symbol"/>) when there is no
    /// attribute or it has no syntax (it comes from metadata).
    /// </summary>
    public ProblemLocation Or(ProblemLocation fallback) => new(_attribute, _argument, _lastArgument, _namedArgument, fallback._fallback);

    /// <summary>Looks the location up.</summary>
    public Location? Find(CancellationToken cancellationToken)
    {
        if (_attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return _fallback is ISymbol symbol ? symbol.Locations.FirstOrDefault() : _fallback as Location;
        }

        SyntaxNode? argument = null;
        if (_namedArgument is { } name)
        {
            argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        }
        else if (_argument != WholeAttribute)
        {
            var positional = syntax.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
            argument = positional?.ElementAtOrDefault(_argument);
            if (argument is not null && _lastArgument > _argument && positional!.ElementAtOrDefault(_lastArgument) is { } last)
            {
                return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(argument.SpanStart, last.Span.End));
            }
        }

        return (argument ?? syntax).GetLocation();
    }
}
