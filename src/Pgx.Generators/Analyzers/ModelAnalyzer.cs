using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.Analyzers;

/// <summary>
/// Reports model mistakes (PGX0001–0099) at the attribute or property that causes them, using the very parser
/// the generator uses, so what is flagged is exactly what the generator skips. An internal failure is
/// PGX0999, never a crashed analyzer (AD0001).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.UnknownPartitionKey,
        Descriptors.PartitionWithoutPartitionBy,
        Descriptors.PartitionKindMismatch,
        Descriptors.DuplicateListValue,
        Descriptors.OverlappingRanges,
        Descriptors.EmptyRange,
        Descriptors.InvalidPartitionValue,
        Descriptors.InvalidHashCount,
        Descriptors.DuplicateName,
        Descriptors.UnsupportedPropertyType,
        Descriptors.MissingKey,
        Descriptors.IdentifierTooLong,
        Descriptors.UnknownForeignServer,
        Descriptors.KeyCannotUseSequence,
        Descriptors.NotARecord,
        Descriptors.UnsupportedPartitionKey,
        Descriptors.UnsupportedPartitionCombination,
        Descriptors.InvalidColumnType,
        Descriptors.DuplicateColumn,
        Descriptors.UnknownIndexProperty,
        Descriptors.UniqueIndexWithoutPartitionKey,
        Descriptors.NoPartitions,
        Descriptors.EmptyIdentifier,
        Descriptors.InternalError);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Nothing to do in a compilation that cannot see Pgx's attributes.
            if (start.Compilation.GetTypeByMetadataName(KnownAttributes.PgTable) is null)
            {
                return;
            }

            start.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        try
        {
            var isTable = ModelParser.IsTableModel(type);
            if (!isTable && !HasPartitionAttributes(type))
            {
                return;
            }

            foreach (var problem in ModelParser.Parse(type, context.CancellationToken).Problems)
            {
                // A type that is not a table model only hears that its partition attributes need [PartitionBy].
                if (isTable || problem.Descriptor.Id == RuleIds.PartitionWithoutPartitionBy)
                {
                    context.ReportDiagnostic(problem.ToDiagnostic());
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.InternalError, type.Locations.IsEmpty ? null : type.Locations[0], ex.GetType().Name + ": " + ex.Message));
        }
    }

    /// <summary>Partition attributes on a record that is not (yet) a table model still deserve PGX0002.</summary>
    private static bool HasPartitionAttributes(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.Is(KnownAttributes.ListPartition) || attribute.Is(KnownAttributes.RangePartition)
                || attribute.Is(KnownAttributes.HashPartitions) || attribute.Is(KnownAttributes.DefaultPartition))
            {
                return true;
            }
        }

        return false;
    }
}
