using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
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

/// <summary>
/// Where the parser sends the problems it finds while it walks a record. The analyzers collect them with their
/// locations (<see cref="Collecting"/>); the generator only needs to know whether the record has an error
/// (<see cref="ErrorsOnly"/>), so for it no problem is kept and no location is looked up: the parser hands
/// locations over as <see cref="ProblemLocation"/>s, which find their syntax only when a problem is kept.
/// </summary>
internal sealed class ProblemList
{
    private readonly List<ModelProblem>? _items;
    private readonly CancellationToken _cancellationToken;

    private ProblemList(List<ModelProblem>? items, CancellationToken cancellationToken)
    {
        _items = items;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Keeps every problem with its location, for an analyzer to report.</summary>
    public static ProblemList Collecting(CancellationToken cancellationToken) => new(new List<ModelProblem>(), cancellationToken);

    /// <summary>Keeps nothing but whether an error was found: what the generator needs to skip a record.</summary>
    public static ProblemList ErrorsOnly() => new(null, default);

    /// <summary>Whether problems are kept; false for <see cref="ErrorsOnly"/>, so work that only explains a problem can be skipped.</summary>
    public bool KeepsProblems => _items is not null;

    /// <summary>Whether an error-severity problem was added: the generator then skips the record.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>Adds a problem.</summary>
    public void Add(DiagnosticDescriptor descriptor, ProblemLocation location, params string[] args) =>
        AddRelated(descriptor, location, default, args);

    /// <summary>
    /// Adds a problem that involves a second place, <paramref name="related"/> (the other partition, index or property);
    /// a default <see cref="ProblemLocation"/> means none.
    /// </summary>
    public void AddRelated(DiagnosticDescriptor descriptor, ProblemLocation location, ProblemLocation related, params string[] args)
    {
        HasErrors |= descriptor.DefaultSeverity == DiagnosticSeverity.Error;
        if (_items is null)
        {
            return;
        }

        var problem = new ModelProblem(descriptor, location.Find(_cancellationToken), args.ToImmutableArray());
        _items.Add(related.Find(_cancellationToken) is { } found ? problem with { RelatedLocations = ImmutableArray.Create(found) } : problem);
    }

    /// <summary>The problems so far (none for <see cref="ErrorsOnly"/>).</summary>
    public ImmutableArray<ModelProblem> ToImmutable() => _items?.ToImmutableArray() ?? ImmutableArray<ModelProblem>.Empty;
}
