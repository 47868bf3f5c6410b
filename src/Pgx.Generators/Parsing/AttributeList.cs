using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Pgx.Generators.Parsing;

/// <summary>
/// The attributes of one symbol, each one's class looked at once. The parser asks a record's attributes for a
/// dozen attribute classes, on every keystroke for every record; comparing each attribute's class with each of
/// them (a walk over Roslyn's symbols per pair) cost more than reading the arguments.
/// </summary>
internal sealed class AttributeList
{
    /// <summary>No attributes.</summary>
    public static readonly AttributeList Empty = new(ImmutableArray<AttributeData>.Empty);

    private static readonly Dictionary<string, string> KnownByClassName = KnownAttributes.All.ToDictionary(Simple);

    // An attribute missing from KnownAttributes.All is still found, the slow way.
    private static readonly HashSet<string> KnownNames = new(KnownAttributes.All);

    private readonly ImmutableArray<AttributeData> _attributes;

    // The metadata name (a KnownAttributes constant) of each attribute's class, or null when Pgx reads no such attribute.
    private readonly string?[] _known;

    /// <summary><paramref name="attributes"/>, classified.</summary>
    public static AttributeList Of(ImmutableArray<AttributeData> attributes) =>
        attributes.IsDefaultOrEmpty ? Empty : new AttributeList(attributes);

    private AttributeList(ImmutableArray<AttributeData> attributes)
    {
        _attributes = attributes.IsDefault ? ImmutableArray<AttributeData>.Empty : attributes;
        _known = new string?[_attributes.Length];
        for (var i = 0; i < _known.Length; i++)
        {
            _known[i] = _attributes[i].AttributeClass is { } type
                && KnownByClassName.TryGetValue(type.MetadataName, out var metadataName)
                && KnownAttributes.HasMetadataName(type, metadataName)
                    ? metadataName
                    : null;
        }
    }

    /// <summary>Every attribute, in source order.</summary>
    public ImmutableArray<AttributeData> All => _attributes;

    /// <summary>The first attribute of the class <paramref name="metadataName"/>, or null.</summary>
    public AttributeData? Find(string metadataName)
    {
        if (!KnownNames.Contains(metadataName))
        {
            return _attributes.Find(metadataName);
        }

        for (var i = 0; i < _known.Length; i++)
        {
            if (_known[i] == metadataName)
            {
                return _attributes[i];
            }
        }

        return null;
    }

    /// <summary>Every attribute of the class <paramref name="metadataName"/>, in source order.</summary>
    public List<AttributeData> FindAll(string metadataName)
    {
        if (!KnownNames.Contains(metadataName))
        {
            return _attributes.FindAll(metadataName);
        }

        var found = new List<AttributeData>();
        for (var i = 0; i < _known.Length; i++)
        {
            if (_known[i] == metadataName)
            {
                found.Add(_attributes[i]);
            }
        }

        return found;
    }

    private static string Simple(string metadataName) => metadataName.Substring(metadataName.LastIndexOf('.') + 1);
}
