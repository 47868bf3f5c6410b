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

    /// <summary>The framework alone: a project that uses neither Pgx nor any data-access library.</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => LazyFramework.Value;

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyFramework = new(() => Load(FrameworkPaths()));

    /// <summary>The compilation options every test compilation uses.</summary>
    public static CSharpCompilationOptions Options { get; } =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true);

    /// <summary>
    /// <see cref="Options"/> plus what the .NET SDK sets for every project (<c>&lt;NoWarn&gt;1701;1702&lt;/NoWarn&gt;</c>):
    /// Dapper's netstandard references unify with the runtime's. What IDE-like (workspace) tests compile with.
    /// </summary>
    public static CSharpCompilationOptions SdkOptions { get; } = Options.WithSpecificDiagnosticOptions(
        new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });

    /// <summary>A library compilation of <paramref name="sources"/>, nullable enabled, warnings reported.</summary>
    public static CSharpCompilation Create(
        IEnumerable<string> sources,
        LanguageVersion version = LanguageVersion.Latest,
        string assemblyName = "Consumer",
        IEnumerable<MetadataReference>? references = null) =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions(version), path: $"Model{i}.cs")),
            references ?? References,
            Options);

    /// <summary>Compiles <paramref name="compilation"/> to an in-memory assembly another compilation can reference.</summary>
    public static MetadataReference ToReference(Compilation compilation)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("referenced test assembly does not compile:\n" + string.Join("\n", errors));
        }

        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("referenced test assembly does not emit:\n" + string.Join("\n", result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static List<string> FrameworkPaths()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Trusted().Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDirectory, StringComparison.Ordinal)).ToList();
    }

    private static string[] Trusted() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static ImmutableArray<MetadataReference> Load(IEnumerable<string> paths) =>
        paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();

    /// <summary>
    /// The framework, Pgx.dll, Npgsql, and the data-access libraries whose SQL call sites the analyzers read:
    /// Dapper, EF Core with its PostgreSQL provider (and what their public types need).
    /// </summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = FrameworkPaths();
        paths.Add(typeof(PgxApplyOptions).Assembly.Location);
        paths.Add(typeof(Npgsql.NpgsqlDataSource).Assembly.Location);
        paths.Add(typeof(Dapper.SqlMapper).Assembly.Location);
        paths.Add(typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly.Location);
        paths.Add(typeof(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions).Assembly.Location);
        paths.Add(typeof(Microsoft.EntityFrameworkCore.NpgsqlDbContextOptionsBuilderExtensions).Assembly.Location);
        paths.AddRange(Trusted().Where(p => Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
            || Path.GetFileName(p).StartsWith("Microsoft.EntityFrameworkCore.Abstractions", StringComparison.Ordinal)));
        return Load(paths);
    }
}
