using System.Collections.Generic;
using System.Linq;
using Pgx.Generators.Model;

namespace Pgx.Generators.Emit;

/// <summary>
/// The boolean SQL that says which rows a partition holds, for CHECK constraints and the routing trigger,
/// and the <c>FOR VALUES</c> clause for declarative partitions.
/// </summary>
internal static class PartitionConditions
{
    /// <summary>The condition on <paramref name="column"/> (an SQL expression such as <c>p</c> or <c>NEW.p</c>).</summary>
    public static string For(PartitionSpec partition, string column)
    {
        if (!partition.Values.IsEmpty)
        {
            return partition.Values.Count == 1
                ? column + " = " + PartitionLiterals.Sql(partition.Values[0])
                : column + " IN (" + string.Join(", ", partition.Values.Select(PartitionLiterals.Sql)) + ")";
        }

        var parts = new List<string>();
        if (partition.From is { Bound: BoundKind.Value } from)
        {
            parts.Add(column + " >= " + PartitionLiterals.Sql(from));
        }

        if (partition.To is { Bound: BoundKind.Value } to)
        {
            parts.Add(column + " < " + PartitionLiterals.Sql(to));
        }

        return parts.Count == 0 ? "true" : string.Join(" AND ", parts);
    }

    /// <summary>The condition the default partition holds: no other partition's. Null when there are no others.</summary>
    public static string? ForDefault(PartitioningSpec partitioning, string column)
    {
        if (partitioning.Partitions.IsEmpty)
        {
            return null;
        }

        if (partitioning.Kind == PartitionKind.List)
        {
            var values = partitioning.Partitions.SelectMany(p => p.Values).Select(PartitionLiterals.Sql);
            return "NOT (" + column + " IN (" + string.Join(", ", values) + "))";
        }

        return "NOT (" + string.Join(" OR ", partitioning.Partitions.Select(p => "(" + For(p, column) + ")")) + ")";
    }

    /// <summary>The declarative bound: <c>FOR VALUES IN (…)</c>, <c>FROM (…) TO (…)</c> or <c>WITH (MODULUS …)</c>.</summary>
    public static string ForValues(PartitioningSpec partitioning, PartitionSpec partition) => partitioning.Kind switch
    {
        PartitionKind.List => "FOR VALUES IN (" + string.Join(", ", partition.Values.Select(PartitionLiterals.Sql)) + ")",
        PartitionKind.Range => "FOR VALUES FROM (" + PartitionLiterals.Sql(partition.From!) + ") TO (" + PartitionLiterals.Sql(partition.To!) + ")",
        _ => "FOR VALUES WITH (MODULUS " + partitioning.HashModulus + ", REMAINDER " + partition.Remainder + ")",
    };
}
