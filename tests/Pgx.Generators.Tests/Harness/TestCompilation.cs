using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pgx.Generators.Tests.Harness;

/// <summary>Builds real C# compilations against the running runtime's assemblies plus Pgx and Npgsql.</summary>
internal static class TestCompilation
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The framework, Pgx.dll, Npgsql and DataAnnotations: what a consumer project compiles against.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>Parse options for the given language version (latest by default).</summary>
    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest) =>
        new(version, DocumentationMode.Diagnose);

    /// <summary>A library compilation of <paramref name="sources"/>, nullable enabled, warnings reported.</summary>
    public static CSharpCompilation Create(IEnumerable<string> sources, LanguageVersion version = LanguageVersion.Latest, string assemblyName = "Consumer") =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions(version), path: $"Model{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var paths = trusted.Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDirectory, StringComparison.Ordinal)).ToList();
        paths.Add(typeof(PgTableAttribute).Assembly.Location);
        paths.Add(typeof(Npgsql.NpgsqlDataSource).Assembly.Location);
        paths.AddRange(trusted.Where(p => Path.GetFileName(p).StartsWith("Microsoft.Extensions.Logging.Abstractions", StringComparison.Ordinal)));
        return paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
