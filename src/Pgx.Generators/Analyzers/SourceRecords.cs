using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pgx.Generators.Model;
using Pgx.Generators.Parsing;

namespace Pgx.Generators.Analyzers;

/// <summary>A table record declared in the compilation being analyzed.</summary>
/// <param name="Type">The record.</param>
/// <param name="Schema">Its table's schema.</param>
/// <param name="Name">Its table's name.</param>
/// <param name="Routing">How it is partitioned, or null when it is not.</param>
/// <param name="Spec">Its model, or null when it has model errors (the generator skips it then).</param>
internal sealed record SourceRecord(INamedTypeSymbol Type, string Schema, string Name, PartitionRouting? Routing, TableSpec? Spec);

/// <summary>
/// Every table record declared in a compilation, found once per compilation and shared: by the model analyzer
/// for names that collide across records (PGX0009) and by the SQL rules for the tables this compilation
/// partitions. Only types with attribute lists are looked at. Each record is parsed once per compilation
/// (<see cref="ParseOf"/>), whether the model analyzer or this list asks first.
/// </summary>
internal static class SourceRecords
{
    private static readonly PerCompilation<ImmutableArray<SourceRecord>> Cache = new((compilation, cancellationToken) => Find(compilation, cancellationToken));

    private static readonly PerCompilation<Dictionary<INamedTypeSymbol, List<TableNameCollision>>> Collisions = new(FindCollisions);

    private static readonly PerCompilation<ConcurrentDictionary<INamedTypeSymbol, ModelParseResult>> Parsed =
        new((_, _) => new ConcurrentDictionary<INamedTypeSymbol, ModelParseResult>(SymbolEqualityComparer.Default));

    /// <summary>
    /// <paramref name="type"/> parsed with every problem, once per compilation: the model analyzer reports the
    /// problems and this list keeps the model, so a record is not parsed a second time for the other.
    /// </summary>
    public static ModelParseResult ParseOf(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken) =>
        Parsed.Get(compilation, cancellationToken).GetOrAdd(type, t => ModelParser.Parse(t, cancellationToken));

    /// <summary>The table records of <paramref name="compilation"/>.</summary>
    public static ImmutableArray<SourceRecord> Of(Compilation compilation, CancellationToken cancellationToken) =>
        Cache.Get(compilation, cancellationToken);

    /// <summary>The names <paramref name="type"/>'s table and partitions share with other records of its compilation.</summary>
    public static IReadOnlyList<TableNameCollision> CollisionsOf(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken) =>
        Collisions.Get(compilation, cancellationToken).TryGetValue(type, out var found) ? found : (IReadOnlyList<TableNameCollision>)Array.Empty<TableNameCollision>();

    private static Dictionary<INamedTypeSymbol, List<TableNameCollision>> FindCollisions(Compilation compilation, CancellationToken cancellationToken)
    {
        var records = Of(compilation, cancellationToken).Where(r => r.Spec is not null).ToList();
        var collisions = TableNameCollisions.Find(records.Select(r => r.Spec!).ToList());
        var result = new Dictionary<INamedTypeSymbol, List<TableNameCollision>>(SymbolEqualityComparer.Default);
        for (var i = 0; i < records.Count; i++)
        {
            if (collisions[i].Count > 0)
            {
                result[records[i].Type] = collisions[i];
            }
        }

        return result;
    }

    private static ImmutableArray<SourceRecord> Find(Compilation compilation, CancellationToken cancellationToken)
    {
        var records = ImmutableArray.CreateBuilder<SourceRecord>();
        foreach (var symbol in compilation.GetSymbolsWithName(static _ => true, SymbolFilter.Type, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (symbol is not INamedTypeSymbol type || !HasAttributeLists(type, cancellationToken) || !ModelParser.IsTableModel(type))
            {
                continue;
            }

            var (schema, name) = ModelParser.TableName(type);
            var partitionBy = type.GetAttributes().FirstOrDefault(a => a.Is(KnownAttributes.PartitionBy));
            PartitionRouting? routing = partitionBy is null ? null : (PartitionRouting)partitionBy.NamedInt(nameof(PartitionByAttribute.Routing), 0);
            records.Add(new SourceRecord(type, schema, name, routing, ParseOf(type, compilation, cancellationToken).Spec));
        }

        return records.ToImmutable();
    }

    /// <summary>Whether any declaration of <paramref name="type"/> carries attributes: a cheap syntax test before binding any.</summary>
    public static bool HasAttributeLists(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { AttributeLists.Count: > 0 })
            {
                return true;
            }
        }

        return false;
    }
}
