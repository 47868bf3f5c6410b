using System.Collections.Immutable;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Model;

namespace Pgx.Generators.Parsing;

/// <summary>What parsing one record produced: the model (null when an error stops generation) and every problem.</summary>
/// <param name="Spec">The table model, or null.</param>
/// <param name="Problems">Every mistake found, errors and warnings.</param>
internal sealed record ModelParseResult(TableSpec? Spec, ImmutableArray<ModelProblem> Problems);
