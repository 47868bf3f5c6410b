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
    /// <summary>Builds the diagnostic.</summary>
    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location, Args.ToArray());
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

    /// <summary>The problems so far.</summary>
    public ImmutableArray<ModelProblem> ToImmutable() => _items.ToImmutableArray();
}
