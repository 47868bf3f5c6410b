using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pgx.Generators.Benchmarks;

/// <summary>
/// The analyzers' floor: what <see cref="AnalyzerProbe.ReadsOperations"/> asks for, plus every named type's attributes,
/// bound and read by name, as any analyzer of attribute-declared models must. Pgx's model analyzer pays this binding
/// too; measured against it, the ratio says what Pgx adds over the attribute binding no such analyzer escapes.
/// </summary>
#pragma warning disable RS1001 // Handed to WithAnalyzers directly: never loaded by a compiler, so it needs no [DiagnosticAnalyzer].
internal sealed class AttributeFloorAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
{
    private long _nameLength;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        new DiagnosticDescriptor("FLOOR", "Floor", "Floor", "Floor", DiagnosticSeverity.Hidden, isEnabledByDefault: true));

    /// <summary>The total length of the attribute names read, so that the reading cannot be optimized away.</summary>
    public long NameLength => Interlocked.Read(ref _nameLength);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment);
        context.RegisterSymbolAction(_ => { }, SymbolKind.Property);
        context.RegisterSymbolAction(ReadAttributeNames, SymbolKind.NamedType);
    }

    private void ReadAttributeNames(SymbolAnalysisContext context)
    {
        var length = 0;
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            length += attribute.AttributeClass?.Name.Length ?? 0;
        }

        Interlocked.Add(ref _nameLength, length);
    }
}
