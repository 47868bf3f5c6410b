using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pgx.Generators.Diagnostics;
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
    private readonly Func<INamedTypeSymbol, Compilation, CancellationToken, ModelParseResult> _parse;

    /// <summary>The analyzer with the parser the generator uses, sharing each record's parse with the table list (<see cref="SourceRecords.ParseOf"/>).</summary>
    public ModelAnalyzer() => _parse = SourceRecords.ParseOf;

    /// <summary>The analyzer with another parser (tests pass one that throws, to see it become PGX0999).</summary>
    internal ModelAnalyzer(Func<INamedTypeSymbol, CancellationToken, ModelParseResult> parse) => _parse = (type, _, cancellationToken) => parse(type, cancellationToken);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.UnknownPartitionKey,
        Descriptors.PartitionWithoutPartitionBy,
        Descriptors.PartitionByWithoutTable,
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
        Descriptors.UniqueIndexWithForeignPartitions,
        Descriptors.MisplacedPartitionServer,
        Descriptors.NoPartitions,
        Descriptors.EmptyIdentifier,
        Descriptors.RepositoryGap,
        Descriptors.TriggerRoutedUniqueIndex,
        Descriptors.TriggerRoutedKeyWithoutSequence,
        Descriptors.UnroutablePartitionKeyType,
        Descriptors.PartitionValueNotStoredAsWritten,
        Descriptors.EnumColumnTypeNotInteger,
        Descriptors.InvalidColumnDefault,
        Descriptors.InvalidRollingInterval,
        Descriptors.RollingStartNotAligned,
        Descriptors.RetainShorterThanInterval,
        Descriptors.UnsupportedRollingKey,
        Descriptors.RangePartitionOverlapsRolling,
        Descriptors.InvalidRollingSetting,
        Descriptors.UnsupportedByPgPartman,
        Descriptors.InvalidMaintenanceSchedule,
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

    private void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        try
        {
            // Only declarations with attribute lists can be models: no attribute is bound for the rest.
            if (!SourceRecords.HasAttributeLists(type, context.CancellationToken))
            {
                return;
            }

            var isTable = ModelParser.IsTableModel(type);
            if (!isTable && type.GetAttributes().FirstOrDefault(a => a.Is(KnownAttributes.PartitionBy)) is { } partitionBy)
            {
                // The generator finds table records through [PgTable] (or [ForeignTable]) only.
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.PartitionByWithoutTable, partitionBy.Location(context.CancellationToken) ?? type.Locations.FirstOrDefault(), type.Name));
                return;
            }

            if (!isTable && !HasPartitionAttributes(type))
            {
                return;
            }

            foreach (var problem in _parse(type, context.Compilation, context.CancellationToken).Problems)
            {
                // A type that is not a table model only hears that its partition attributes need [PartitionBy].
                if (isTable || problem.Descriptor.Id == RuleIds.PartitionWithoutPartitionBy)
                {
                    context.ReportDiagnostic(problem.ToDiagnostic());
                }
            }

            if (isTable)
            {
                foreach (var collision in SourceRecords.CollisionsOf(type, context.Compilation, context.CancellationToken))
                {
                    var other = SourceRecords.Of(context.Compilation, context.CancellationToken)
                        .FirstOrDefault(r => r.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == collision.OtherType)?.Type;
                    var related = other is null ? null : new[] { NameLocation(other, collision.OtherPart, collision.Name, context.CancellationToken) }.OfType<Location>();
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.DuplicateName, NameLocation(type, collision.Part, collision.Name, context.CancellationToken), related, collision.Name, collision.Other, type.Name));
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.ReportDiagnostic(InternalError.At(type.Locations.FirstOrDefault(), ex));
        }
    }

    /// <summary>Where <paramref name="type"/> writes the colliding name <paramref name="name"/> as its <paramref name="part"/>: the table name argument, or the partition's.</summary>
    private static Location? NameLocation(INamedTypeSymbol type, string part, string name, CancellationToken cancellationToken)
    {
        var attributes = type.GetAttributes();
        if (part == "table")
        {
            var named = attributes.FirstOrDefault(a => a.Is(KnownAttributes.PgTable) && a.StringArg(0) is not null)
                ?? attributes.FirstOrDefault(a => a.Is(KnownAttributes.Table) && a.StringArg(0) is not null);
            return named?.ArgumentLocation(0, cancellationToken) ?? type.Locations.FirstOrDefault();
        }

        var partition = attributes.FirstOrDefault(a =>
            (a.Is(KnownAttributes.ListPartition) || a.Is(KnownAttributes.RangePartition) || a.Is(KnownAttributes.DefaultPartition))
            && a.StringArg(0) == name);
        return partition?.ArgumentLocation(0, cancellationToken)
            ?? attributes.FirstOrDefault(a => a.Is(KnownAttributes.HashPartitions))?.Location(cancellationToken)
            ?? type.Locations.FirstOrDefault();
    }

    /// <summary>Partition attributes on a record that is not (yet) a table model still deserve PGX0002.</summary>
    private static bool HasPartitionAttributes(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.Is(KnownAttributes.ListPartition) || attribute.Is(KnownAttributes.RangePartition)
                || attribute.Is(KnownAttributes.HashPartitions) || attribute.Is(KnownAttributes.DefaultPartition)
                || attribute.Is(KnownAttributes.RollingPartitions))
            {
                return true;
            }
        }

        return false;
    }
}
