using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pgx.Generators.Tests.Harness;

/// <summary>Runs <see cref="PgxGenerator"/> over real C# and hands back what a build would see.</summary>
internal sealed class GeneratorRun
{
    private GeneratorRun(CSharpCompilation output, GeneratorDriverRunResult result)
    {
        Output = output;
        Result = result;
    }

    /// <summary>The compilation with the generated sources added.</summary>
    public CSharpCompilation Output { get; }

    /// <summary>The driver's result (generated trees, generator diagnostics and exceptions).</summary>
    public GeneratorDriverRunResult Result { get; }

    /// <summary>Generated sources by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>
    /// Compiler warnings and errors of the output, generated code included. Missing XML docs (CS1591) count
    /// only in generated files: every generated public member must be documented, test models need not be.
    /// </summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics =>
        Output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => d.Id != "CS1591" || d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true)
            .ToImmutableArray();

    /// <summary>Runs the generator over <paramref name="sources"/>.</summary>
    public static GeneratorRun Of(params string[] sources) => Of(LanguageVersion.Latest, sources);

    /// <summary>Runs the generator over <paramref name="sources"/> at a language version.</summary>
    public static GeneratorRun Of(LanguageVersion version, params string[] sources)
    {
        var compilation = TestCompilation.Create(sources, version);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new PgxGenerator().AsSourceGenerator() },
            parseOptions: TestCompilation.ParseOptions(version),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun((CSharpCompilation)output, driver.GetRunResult());
    }

    /// <summary>The text of <c>PgxSchema.Sql</c>, read back from the compiled constant.</summary>
    public string SchemaSql => ConstantOf("Pgx.Generated.PgxSchema", "Sql");

    /// <summary>A string constant of a generated type, as the compiler sees it.</summary>
    public string ConstantOf(string typeName, string field)
    {
        var type = Output.GetTypeByMetadataName(typeName) ?? throw new Xunit.Sdk.XunitException($"{typeName} was not generated");
        var constant = type.GetMembers(field).OfType<IFieldSymbol>().Single();
        return (string)constant.ConstantValue!;
    }
}
