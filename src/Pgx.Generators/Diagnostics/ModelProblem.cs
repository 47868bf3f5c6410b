using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Pgx.Generators.Diagnostics;

/// <summary>
/// A model mistake found while parsing. It holds a <see cref="Location"/>, so it never enters the
/// generator's cached pipeline: the model analyzer reports it, the generator only learns "skip".
/// </summary>
/// <param name="Descriptor">The rule.</param>
/// <param name="Location">Where to report it.</param>
/// <param name="Args">The message arguments.</param>
internal readonly record struct ModelProblem(DiagnosticDescriptor Descriptor, Location? Location, ImmutableArray<string> Args)
{
    /// <summary>The other partition, index, property or record involved, shown beside the diagnostic; default when none.</summary>
    public ImmutableArray<Location> RelatedLocations { get; init; }

    /// <summary>Builds the diagnostic.</summary>
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location, RelatedLocations.IsDefaultOrEmpty ? null : RelatedLocations, Args.ToArray());
}

/// <summary>Collects problems with their locations while the parser walks a record.</summary>
internal sealed class ProblemList
{
    private readonly List<ModelProblem> _items = new();

    /// <summary>Whether an error-severity problem was added: the generator then skips the record.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>Adds a problem.</summary>
    public void Add(DiagnosticDescriptor descriptor, Location? location, params string[] args)
    {
        _items.Add(new ModelProblem(descriptor, location, args.ToImmutableArray()));
        HasErrors |= descriptor.DefaultSeverity == DiagnosticSeverity.Error;
    }

    /// <summary>Adds a problem that involves a second place, <paramref name="related"/> (the other partition, index or property).</summary>
    public void AddRelated(DiagnosticDescriptor descriptor, Location? location, Location? related, params string[] args)
    {
        Add(descriptor, location, args);
        if (related is not null)
        {
            _items[_items.Count - 1] = _items[_items.Count - 1] with { RelatedLocations = ImmutableArray.Create(related) };
        }
    }

    /// <summary>The problems so far.</summary>
    public ImmutableArray<ModelProblem> ToImmutable() => _items.ToImmutableArray();
}
