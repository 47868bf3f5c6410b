using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// The schema model (<c>PgxSchema.Model</c>) of a compilation of many table records, produced the way a build does it:
/// the records compiled in memory through the generator, the constant read back from the generated class.
/// </summary>
internal static class SchemaModels
{
    /// <summary>The model of <paramref name="records"/> records of <see cref="GenerationBenchmarks.Model(int)"/>'s mix.</summary>
    public static string Of(int records)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Enumerable.Range(0, records).Select(i => CSharpSyntaxTree.ParseText(GenerationBenchmarks.Model(i), parse, path: $"Model{i}.cs"));
        var compilation = GenerationBenchmarks.Compile(trees);
        CSharpGeneratorDriver.Create(new PgxGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        var schema = generated.GetTypeByMetadataName("Pgx.Generated.PgxSchema")
            ?? throw new InvalidOperationException("The generator produced no PgxSchema class.");
        var model = schema.GetMembers("Model").OfType<IFieldSymbol>().SingleOrDefault()?.ConstantValue as string
            ?? throw new InvalidOperationException("PgxSchema.Model is missing or not a constant.");
        if (!model.Contains($"model_{records - 1}", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The model does not have every table; the benchmark would measure less than it says.");
        }

        return model;
    }
}
