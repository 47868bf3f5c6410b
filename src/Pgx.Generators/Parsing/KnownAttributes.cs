using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Pgx.Generators.Parsing;

/// <summary>The attributes Pgx reads, by metadata name. The generator cannot reference Pgx.dll, so names it is.</summary>
internal static class KnownAttributes
{
    public const string PgTable = "Pgx." + nameof(PgTableAttribute);
    public const string PartitionBy = "Pgx." + nameof(PartitionByAttribute);
    public const string ListPartition = "Pgx." + nameof(ListPartitionAttribute);
    public const string RangePartition = "Pgx." + nameof(RangePartitionAttribute);
    public const string HashPartitions = "Pgx." + nameof(HashPartitionsAttribute);
    public const string RollingPartitions = "Pgx." + nameof(RollingPartitionsAttribute);
    public const string DefaultPartition = "Pgx." + nameof(DefaultPartitionAttribute);
    public const string PgColumn = "Pgx." + nameof(PgColumnAttribute);
    public const string PgKey = "Pgx." + nameof(PgKeyAttribute);
    public const string PgIgnore = "Pgx." + nameof(PgIgnoreAttribute);
    public const string PgSequence = "Pgx." + nameof(PgSequenceAttribute);
    public const string PgIndex = "Pgx." + nameof(PgIndexAttribute);
    public const string ForeignServer = "Pgx." + nameof(ForeignServerAttribute);
    public const string ForeignTable = "Pgx." + nameof(ForeignTableAttribute);
    public const string ImportForeignSchema = "Pgx." + nameof(ImportForeignSchemaAttribute);
    public const string TriggerRoutedTable = "Pgx." + nameof(TriggerRoutedTableAttribute);
    public const string PartitionedTable = "Pgx." + nameof(PartitionedTableAttribute);
    public const string ForeignTableOnServer = "Pgx." + nameof(ForeignTableOnServerAttribute);

    public const string Table = "System.ComponentModel.DataAnnotations.Schema.TableAttribute";
    public const string Column = "System.ComponentModel.DataAnnotations.Schema.ColumnAttribute";
    public const string NotMapped = "System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute";
    public const string DatabaseGenerated = "System.ComponentModel.DataAnnotations.Schema.DatabaseGeneratedAttribute";
    public const string Key = "System.ComponentModel.DataAnnotations.KeyAttribute";

    /// <summary>Every attribute above, by metadata name.</summary>
    public static readonly string[] All =
    {
        PgTable, PartitionBy, ListPartition, RangePartition, HashPartitions, RollingPartitions, DefaultPartition, PgColumn, PgKey,
        PgIgnore, PgSequence, PgIndex, ForeignServer, ForeignTable, ImportForeignSchema, TriggerRoutedTable, PartitionedTable,
        ForeignTableOnServer, Table, Column, NotMapped, DatabaseGenerated, Key,
    };

    /// <summary><c>TableAttribute.Schema</c> of DataAnnotations, which the generator cannot compile in.</summary>
    public const string TableSchema = "Schema";

    /// <summary><c>ColumnAttribute.TypeName</c> of DataAnnotations, which the generator cannot compile in.</summary>
    public const string ColumnTypeName = "TypeName";

    /// <summary>Whether <paramref name="attribute"/> is the attribute class named <paramref name="metadataName"/>.</summary>
    public static bool Is(this AttributeData attribute, string metadataName) =>
        attribute.AttributeClass is { } type && HasMetadataName(type, metadataName);

    /// <summary>
    /// The first of <paramref name="attributes"/> that is the attribute class named <paramref name="metadataName"/>,
    /// or null. A loop rather than LINQ with a capturing lambda: the parser asks this many times for every record
    /// on every keystroke.
    /// </summary>
    public static AttributeData? Find(this ImmutableArray<AttributeData> attributes, string metadataName)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Is(metadataName))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>Every one of <paramref name="attributes"/> that is the attribute class named <paramref name="metadataName"/>, in order.</summary>
    public static List<AttributeData> FindAll(this ImmutableArray<AttributeData> attributes, string metadataName)
    {
        var found = new List<AttributeData>();
        foreach (var attribute in attributes)
        {
            if (attribute.Is(metadataName))
            {
                found.Add(attribute);
            }
        }

        return found;
    }

    /// <summary>Compares a type's namespace-qualified metadata name without allocating a display string.</summary>
    public static bool HasMetadataName(INamedTypeSymbol type, string metadataName)
    {
        if (type.ContainingType is not null)
        {
            return false;
        }

        var end = metadataName.Length;
        var dot = metadataName.LastIndexOf('.');
        if (string.CompareOrdinal(type.MetadataName, 0, metadataName, dot + 1, end - dot - 1) != 0
            || type.MetadataName.Length != end - dot - 1)
        {
            return false;
        }

        INamespaceSymbol? ns = type.ContainingNamespace;
        while (dot > 0)
        {
            if (ns is null || ns.IsGlobalNamespace)
            {
                return false;
            }

            var previous = metadataName.LastIndexOf('.', dot - 1);
            var length = dot - previous - 1;
            if (ns.Name.Length != length || string.CompareOrdinal(ns.Name, 0, metadataName, previous + 1, length) != 0)
            {
                return false;
            }

            ns = ns.ContainingNamespace;
            dot = previous;
        }

        return ns is null || ns.IsGlobalNamespace;
    }
}
