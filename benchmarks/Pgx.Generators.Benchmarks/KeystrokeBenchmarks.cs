using System;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// What a keystroke costs the generator in the IDE: every keystroke is a new compilation (here: one unrelated file
/// replaced by a changed text, the other files one table record each), run through the driver that already ran on
/// the previous compilation. Roslyn's per-compilation caches (bound attributes, symbols) start cold every time, as
/// they do in the IDE. Side by side with <see cref="FloorGenerator"/>, which finds the same records and binds their
/// attributes, and nothing else: no generator built on ForAttributeWithMetadataName can cost less per keystroke.
/// </summary>
[MemoryDiagnoser]
public class KeystrokeBenchmarks
{
    private KeystrokeSession _floor = null!;
    private KeystrokeSession _propertyFloor = null!;
    private KeystrokeSession _pgx = null!;

    /// <summary>The number of table records, one per file.</summary>
    [Params(1000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _floor = new KeystrokeSession(Records, new FloorGenerator());
        _propertyFloor = new KeystrokeSession(Records, new PropertyFloorGenerator());
        _pgx = new KeystrokeSession(Records, new PgxGenerator());
    }

    /// <summary>The floor: a new compilation through a warm driver running <see cref="FloorGenerator"/>.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver Floor() => _floor.Keystroke();

    /// <summary>The floor plus binding every property's type and attributes (<see cref="PropertyFloorGenerator"/>).</summary>
    [Benchmark]
    public GeneratorDriver FloorWithProperties() => _propertyFloor.Keystroke();

    /// <summary>Pgx: a new compilation through a warm driver running <see cref="PgxGenerator"/>.</summary>
    [Benchmark]
    public GeneratorDriver Pgx() => _pgx.Keystroke();
}

/// <summary>A project of <c>records</c> table records being edited one keystroke at a time, with one generator.</summary>
internal sealed class KeystrokeSession
{
    private readonly CSharpParseOptions _parseOptions = new(LanguageVersion.Latest);
    private CSharpCompilation _compilation;
    private SyntaxTree _edited;
    private GeneratorDriver _driver;
    private int _keystrokes;

    public KeystrokeSession(int records, IIncrementalGenerator generator, bool withGeneratedCode = false)
    {
        _edited = CSharpSyntaxTree.ParseText(Unrelated(0), _parseOptions, path: "Unrelated.cs");
        var trees = Enumerable.Range(0, records)
            .Select(i => CSharpSyntaxTree.ParseText(GenerationBenchmarks.Model(i), _parseOptions, path: $"Model{i}.cs"))
            .Append(_edited);
        _compilation = GenerationBenchmarks.Compile(trees);
        _driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: _parseOptions)
            .RunGeneratorsAndUpdateCompilation(_compilation, out var withGenerated, out _);
        var generated = _driver.GetRunResult();
        if (generated.Diagnostics.Length > 0 || generated.Results.Single().Exception is { } failure)
        {
            throw new InvalidOperationException("The generator failed; the benchmark would measure nothing.");
        }

        if (generator is PgxGenerator && generated.GeneratedTrees.Length != records + 1)
        {
            throw new InvalidOperationException("The generator did not produce a repository for every table.");
        }

        if (withGeneratedCode)
        {
            _compilation = (CSharpCompilation)withGenerated;
        }
    }

    /// <summary>The compilation after the latest keystroke.</summary>
    public CSharpCompilation Compilation => _compilation;

    /// <summary>One keystroke: a new compilation with the unrelated file changed, through the warm driver.</summary>
    public GeneratorDriver Keystroke()
    {
        NextCompilation();
        return _driver = _driver.RunGenerators(_compilation);
    }

    /// <summary>A new compilation with the unrelated file's text changed, as an edit in the IDE makes one.</summary>
    public CSharpCompilation NextCompilation()
    {
        var text = _edited.GetText();
        var changed = _edited.WithChangedText(text.WithChanges(new TextChange(new TextSpan(0, text.Length), Unrelated(++_keystrokes))));
        _compilation = _compilation.ReplaceSyntaxTree(_edited, changed);
        _edited = changed;
        return _compilation;
    }

    private static string Unrelated(int keystroke) =>
        "namespace Elsewhere { public static class Unrelated { public static int M() => " + keystroke + "; } }";
}

/// <summary>
/// The least a generator can do per keystroke and still know the table records: ForAttributeWithMetadataName on
/// [PgTable], binding each record's attributes and keeping only their names.
/// </summary>
#pragma warning disable RS1036 // Handed to the driver directly: never loaded by a compiler.
internal class FloorGenerator : IIncrementalGenerator
#pragma warning restore RS1036
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var names = context.SyntaxProvider.ForAttributeWithMetadataName(
            "Pgx.PgTableAttribute",
            predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
            transform: (syntax, _) => Read((INamedTypeSymbol)syntax.TargetSymbol));
        context.RegisterSourceOutput(names.Collect(), static (output, all) =>
            output.AddSource("Floor.g.cs", "// " + all.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " records"));
    }

    /// <summary>What the generator learns about one record: the names of its attributes.</summary>
    protected virtual string Read(INamedTypeSymbol record) => string.Join(",", record.GetAttributes().Select(a => a.AttributeClass?.Name));
}

/// <summary>
/// <see cref="FloorGenerator"/> plus the semantic work no table mapping can skip: each record's properties, their
/// types and their attributes (a [PgKey], a [PgColumn]), kept as names. Not a floor any generator must pay, but
/// the part of Pgx's cost that is Roslyn binding the record rather than Pgx reading it.
/// </summary>
internal sealed class PropertyFloorGenerator : FloorGenerator
{
    /// <inheritdoc/>
    protected override string Read(INamedTypeSymbol record)
    {
        var text = new System.Text.StringBuilder(base.Read(record));
        foreach (var member in record.GetMembers())
        {
            if (member is IPropertySymbol { IsStatic: false } property)
            {
                text.Append(';').Append(property.Name).Append(':').Append(property.Type.Name);
                foreach (var attribute in property.GetAttributes())
                {
                    text.Append(',').Append(attribute.AttributeClass?.Name);
                }
            }
        }

        return text.ToString();
    }
}
