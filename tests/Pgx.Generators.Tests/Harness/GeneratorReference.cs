using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pgx.Generators.Tests.Harness;

/// <summary>
/// The Pgx generator as a project's analyzer reference, the way a project that references the package holds it:
/// the workspace runs it whenever it builds the project's compilation, so code fixes see the generated
/// repositories and every compilation taken afterwards includes them.
/// </summary>
internal sealed class GeneratorReference : AnalyzerReference
{
    private static readonly ImmutableArray<ISourceGenerator> Generators = ImmutableArray.Create(new PgxGenerator().AsSourceGenerator());

    /// <inheritdoc/>
    public override string? FullPath => typeof(PgxGenerator).Assembly.Location;

    /// <inheritdoc/>
    public override string Display => "Pgx.Generators";

    /// <inheritdoc/>
    public override object Id => typeof(PgxGenerator);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzers(string language) => ImmutableArray<DiagnosticAnalyzer>.Empty;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzersForAllLanguages() => ImmutableArray<DiagnosticAnalyzer>.Empty;

    /// <inheritdoc/>
    public override ImmutableArray<ISourceGenerator> GetGenerators(string language) =>
        language == LanguageNames.CSharp ? Generators : ImmutableArray<ISourceGenerator>.Empty;

    /// <inheritdoc/>
    public override ImmutableArray<ISourceGenerator> GetGeneratorsForAllLanguages() => Generators;
}
