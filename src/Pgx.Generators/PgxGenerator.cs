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
/// records with [PgTable] or [ForeignTable] → <see cref="TableSpec"/> (value-equal), and
/// [assembly: ForeignServer] / [assembly: ImportForeignSchema] → <see cref="ForeignSpec"/> →
/// one <c>PgxSchema.g.cs</c> with the assembly's DDL and postgres_fdw refresh, and one
/// <c>{Namespace}.{Type}.Pgx.g.cs</c> repository per record. Records with model errors are skipped: the model
/// analyzer reports them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PgxGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // [PgTable] or [ForeignTable] makes a record a table model; [PartitionBy] alone does not (the model analyzer
        // reports PGX0038 there), so no record is discovered through [PartitionBy]: on every keystroke each
        // discovery resolves its records' symbols again. A record with both is parsed by the [PgTable] provider and
        // skipped by the other (its attributes are bound by then, so asking costs little).
        var fromPgTable = Discover(context, KnownAttributes.PgTable, TrackingNames.TablesFromPgTable);
        var fromForeignTable = Discover(context, KnownAttributes.ForeignTable, TrackingNames.TablesFromForeignTable, KnownAttributes.PgTable);

        var tables = fromPgTable.Collect()
            .Combine(fromForeignTable.Collect())
            .Select((all, _) => Merge(all.Left, all.Right))
            .WithTrackingName(TrackingNames.AllTables);

        // Assembly attributes: ForAttributeWithMetadataName finds them on the compilation unit that holds them,
        // so only the files that declare servers or imports are re-read after an edit.
        var servers = DiscoverAssemblyAttributes(context, KnownAttributes.ForeignServer, ForeignParser.ServersOf, TrackingNames.ForeignServers);
        var imports = DiscoverAssemblyAttributes(context, KnownAttributes.ImportForeignSchema, ForeignParser.ImportsOf, TrackingNames.ForeignImports);
        // The assembly name marks the foreign tables this model owns; only a rename changes it.
        var owner = context.CompilationProvider
            .Select(static (compilation, _) => compilation.AssemblyName ?? "")
            .WithTrackingName(TrackingNames.AssemblyName);
        var foreign = servers.Collect()
            .Combine(imports.Collect())
            .Combine(owner)
            .Select((all, _) => ForeignParser.Merge(all.Left.Left, all.Left.Right) with { Owner = all.Right })
            .WithTrackingName(TrackingNames.ForeignDeclarations);

        context.RegisterSourceOutput(tables.Combine(foreign), SchemaEmitter.Emit);

        // One repository per record (local or foreign), registered per record: an edit to one record re-emits only
        // its repository.
        var records = tables
            .SelectMany(static (all, _) => all)
            .WithTrackingName(TrackingNames.RepositoryTables);
        context.RegisterSourceOutput(records, RepositoryEmitter.Emit);
    }

    private static IncrementalValuesProvider<EquatableArray<T>> DiscoverAssemblyAttributes<T>(
        IncrementalGeneratorInitializationContext context,
        string attribute,
        Func<ImmutableArray<AttributeData>, CancellationToken, EquatableArray<T>> parse,
        string trackingName)
        where T : IEquatable<T> =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attribute,
                predicate: static (node, _) => node is CompilationUnitSyntax,
                transform: (syntax, cancellationToken) => ParseOrSkip(syntax.Attributes, parse, cancellationToken))
            .WithTrackingName(trackingName);

    private static EquatableArray<T> ParseOrSkip<T>(ImmutableArray<AttributeData> attributes, Func<ImmutableArray<AttributeData>, CancellationToken, EquatableArray<T>> parse, CancellationToken cancellationToken)
        where T : IEquatable<T>
    {
        try
        {
            return parse(attributes, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return EquatableArray<T>.Empty;
        }
    }

    /// <summary>
    /// The records carrying <paramref name="attribute"/>, as models; null for a record that has a model error or
    /// carries one of <paramref name="parsedElsewhere"/> (the providers for those parse it). The nulls go on to
    /// <see cref="Merge"/>, which drops them: a Where + Select here would add two driver steps, each keeping a
    /// table of every record on every keystroke.
    /// </summary>
    private static IncrementalValuesProvider<TableSpec?> Discover(
        IncrementalGeneratorInitializationContext context,
        string attribute,
        string trackingName,
        params string[] parsedElsewhere) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: (syntax, cancellationToken) => ParseOrSkip(syntax.TargetSymbol, parsedElsewhere, cancellationToken))
            .WithTrackingName(trackingName);

    /// <summary>
    /// The generator never throws into the compiler: a record it cannot parse is skipped, and the model
    /// analyzer, running the same parser, reports why (PGX0999 for an internal failure).
    /// </summary>
    private static TableSpec? ParseOrSkip(ISymbol symbol, string[] parsedElsewhere, CancellationToken cancellationToken)
    {
        if (symbol is not INamedTypeSymbol type || HasAnyAttribute(type, parsedElsewhere))
        {
            return null;
        }

        try
        {
            return ModelParser.SpecOf(type, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private static bool HasAnyAttribute(INamedTypeSymbol type, string[] metadataNames)
    {
        if (metadataNames.Length == 0)
        {
            return false;
        }

        foreach (var attribute in type.GetAttributes())
        {
            foreach (var name in metadataNames)
            {
                if (attribute.Is(name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// One spec per record (each provider skips the records an earlier one parses), ordered by schema and name
    /// so the output never depends on file order. Records whose table or partition names collide with another
    /// record's are skipped, all of them: the model analyzer reports PGX0009 at each.
    /// </summary>
    private static EquatableArray<TableSpec> Merge(params ImmutableArray<TableSpec?>[] sources)
    {
        var byType = new Dictionary<string, TableSpec>(StringComparer.Ordinal);
        foreach (var spec in sources.SelectMany(s => s))
        {
            // A partial record can carry its attributes on two declarations, and is then found twice.
            if (spec is not null)
            {
                byType[spec.FullyQualifiedType] = spec;
            }
        }

        var tables = byType.Values.ToList();
        var collisions = TableNameCollisions.Find(tables);
        return tables
            .Where((_, i) => collisions[i].Count == 0)
            .OrderBy(t => t.Schema, StringComparer.Ordinal)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ThenBy(t => t.FullyQualifiedType, StringComparer.Ordinal)
            .ToEquatableArray();
    }
}
