using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pgx.Generators.Diagnostics;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Parsing;

/// <summary>
/// PGX0025 and PGX0030. Inheritance copies no index and no primary key, so each child of a trigger-routed table
/// gets its own, and each enforces uniqueness among its own rows only: two rows with different partition keys land
/// in different children and are never compared. Uniqueness still holds for the whole table when the unique
/// columns include the partition key (equal partition keys always land in the same child), or when the values come
/// from the one sequence every child shares. Declarative partitioning has the same limit, which PostgreSQL enforces
/// by refusing such an index (PGX0021) and Pgx by adding the partition key to the primary key.
/// </summary>
internal static class TriggerRoutedUniqueness
{
    /// <summary>PGX0025: a unique <c>[PgIndex]</c> on a trigger-routed table that leaves out the partition key.</summary>
    public static void CheckIndex(
        string typeName,
        string schema,
        string table,
        IReadOnlyCollection<string> indexColumns,
        PartitioningSpec? partitioning,
        ProblemLocation location,
        ProblemList problems,
        ProblemLocation partitionKeyLocation = default)
    {
        if (partitioning is { Routing: PartitionRouting.Trigger } && !indexColumns.Contains(partitioning.KeyColumn))
        {
            problems.AddRelated(Descriptors.TriggerRoutedUniqueIndex, location, partitionKeyLocation, string.Join(", ", indexColumns), SqlText.Qualified(schema, table), typeName + "." + partitioning.KeyProperty);
        }
    }

    /// <summary>
    /// PGX0030: the primary key of a trigger-routed table neither includes the partition key nor takes its values
    /// from the shared sequence. <paramref name="sequenceSwitchedOff"/> says the key could take them (one integer key
    /// with <c>UseSequence = false</c> or <c>[DatabaseGenerated(None)]</c>), which is then the first fix offered.
    /// </summary>
    public static void CheckKey(
        string typeName,
        string schema,
        string table,
        IReadOnlyList<ColumnSpec> keyColumns,
        SequenceSpec? sequence,
        PartitioningSpec? partitioning,
        bool sequenceSwitchedOff,
        ProblemLocation location,
        ProblemList problems)
    {
        if (partitioning is not { Routing: PartitionRouting.Trigger } || keyColumns.Count == 0
            || keyColumns.Any(c => c.ColumnName == partitioning.KeyColumn || c.ColumnName == sequence?.ColumnName))
        {
            return;
        }

        // Explicit [PgKey]s replace the Id convention, so the advice names every property the key must then mark.
        var addPartitionKey = "mark " + string.Join(", ", keyColumns.Select(c => typeName + "." + c.PropertyName)) + " and "
            + typeName + "." + partitioning.KeyProperty + " with [PgKey], so the key includes the partition key";
        problems.Add(
            Descriptors.TriggerRoutedKeyWithoutSequence,
            location,
            string.Join(", ", keyColumns.Select(c => c.ColumnName)),
            SqlText.Qualified(schema, table),
            sequenceSwitchedOff ? "let the shared sequence fill it (remove UseSequence = false or [DatabaseGenerated(None)]), or " + addPartitionKey : addPartitionKey);
    }
}
