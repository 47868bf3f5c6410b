using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pgx.Generators.Emit;
using Pgx.Generators.Model;
using Pgx.Generators.Parsing;

namespace Pgx.Generators;

/// <summary>
/// The Pgx source generator. Pipeline, top to bottom:
/// records with [PgTable], [PartitionBy] or [ForeignTable] → <see cref="TableSpec"/> (value-equal) →
/// one <c>PgxSchema.g.cs</c> with the assembly's DDL, and one <c>{Namespace}.{Type}.Pgx.g.cs</c> repository per
/// record. Records with model errors are skipped: the model analyzer reports them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PgxGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var fromPgTable = Discover(context, KnownAttributes.PgTable, TrackingNames.TablesFromPgTable);
        var fromPartitionBy = Discover(context, KnownAttributes.PartitionBy, TrackingNames.TablesFromPartitionBy);
        var fromForeignTable = Discover(context, KnownAttributes.ForeignTable, TrackingNames.TablesFromForeignTable);

        var tables = fromPgTable.Collect()
            .Combine(fromPartitionBy.Collect())
            .Combine(fromForeignTable.Collect())
            .Select((all, _) => Merge(all.Left.Left, all.Left.Right, all.Right))
            .WithTrackingName(TrackingNames.AllTables);

        context.RegisterSourceOutput(tables, SchemaEmitter.Emit);

        // One repository per record, registered per record: an edit to one record re-emits only its repository.
        var records = tables
            .SelectMany(static (all, _) => all)
            .WithTrackingName(TrackingNames.RepositoryTables);
        context.RegisterSourceOutput(records, RepositoryEmitter.Emit);
    }

    private static IncrementalValuesProvider<TableSpec> Discover(IncrementalGeneratorInitializationContext context, string attribute, string trackingName) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (syntax, cancellationToken) => ParseOrSkip(syntax.TargetSymbol, cancellationToken))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(trackingName);

    /// <summary>
    /// The generator never throws into the compiler: a record it cannot parse is skipped, and the model
    /// analyzer, running the same parser, reports why (PGX0999 for an internal failure).
    /// </summary>
    private static TableSpec? ParseOrSkip(ISymbol symbol, CancellationToken cancellationToken)
    {
        if (symbol is not INamedTypeSymbol type)
        {
            return null;
        }

        try
        {
            return ModelParser.Parse(type, cancellationToken).Spec;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// One spec per record (a record with two discovery attributes is found twice), one record per table
    /// name, ordered by schema and name so the output never depends on file order.
    /// </summary>
    private static EquatableArray<TableSpec> Merge(params ImmutableArray<TableSpec>[] sources)
    {
        var byType = new Dictionary<string, TableSpec>(StringComparer.Ordinal);
        foreach (var spec in sources.SelectMany(s => s))
        {
            byType[spec.FullyQualifiedType] = spec;
        }

        var seenTables = new HashSet<string>(StringComparer.Ordinal);
        return byType.Values
            .OrderBy(t => t.Schema, StringComparer.Ordinal)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ThenBy(t => t.FullyQualifiedType, StringComparer.Ordinal)
            .Where(t => seenTables.Add(t.Schema + "\0" + t.Name))
            .ToEquatableArray();
    }
}
