using System;
using System.Collections.Generic;
using Pgx.Generators.Model;

namespace Pgx.Generators.Parsing;

/// <summary>A name one record's table or partition shares with another record's.</summary>
/// <param name="Schema">The schema both live in.</param>
/// <param name="Name">The shared name.</param>
/// <param name="Part">What the name is in this record: "table" or "partition".</param>
/// <param name="Other">Who else uses it, for the message, e.g. "partition 'a' of Shop.Other".</param>
/// <param name="OtherType">The other record, fully qualified (<c>global::…</c>).</param>
/// <param name="OtherPart">What the name is in the other record: "table" or "partition".</param>
internal readonly record struct TableNameCollision(string Schema, string Name, string Part, string Other, string OtherType, string OtherPart);

/// <summary>
/// Tables and partitions share one namespace per schema, across records: two records cannot map to one
/// table, and a partition cannot be named like another record's table or partition (CREATE TABLE IF NOT EXISTS
/// would skip the second silently). Used by the generator (it skips colliding records) and by the model
/// analyzer (PGX0009 at each of them).
/// </summary>
internal static class TableNameCollisions
{
    /// <summary>For each of <paramref name="tables"/> (same index), its collisions with the others.</summary>
    public static List<TableNameCollision>[] Find(IReadOnlyList<TableSpec> tables)
    {
        var owners = new Dictionary<(string Schema, string Name), List<(int Index, string Part)>>();
        for (var i = 0; i < tables.Count; i++)
        {
            foreach (var (name, part) in NamesOf(tables[i]))
            {
                var key = (tables[i].Schema, name);
                if (!owners.TryGetValue(key, out var list))
                {
                    owners[key] = list = new List<(int, string)>();
                }

                list.Add((i, part));
            }
        }

        var result = new List<TableNameCollision>[tables.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new List<TableNameCollision>();
        }

        foreach (var pair in owners)
        {
            foreach (var (index, part) in pair.Value)
            {
                foreach (var (otherIndex, otherPart) in pair.Value)
                {
                    if (otherIndex != index && tables[otherIndex].FullyQualifiedType != tables[index].FullyQualifiedType)
                    {
                        var other = (otherPart == "table" ? "the table of " : "partition '" + pair.Key.Name + "' of ") + ClrTypeNames.Readable(tables[otherIndex].FullyQualifiedType);
                        result[index].Add(new TableNameCollision(pair.Key.Schema, pair.Key.Name, part, other, tables[otherIndex].FullyQualifiedType, otherPart));
                        break;
                    }
                }
            }
        }

        return result;
    }

    private static IEnumerable<(string Name, string Part)> NamesOf(TableSpec table)
    {
        yield return (table.Name, "table");
        if (table.Partitioning is null)
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { table.Name };
        foreach (var partition in table.Partitioning.Partitions)
        {
            if (seen.Add(partition.Name))
            {
                yield return (partition.Name, "partition");
            }
        }

        if (table.Partitioning.DefaultPartition is { Length: > 0 } @default && seen.Add(@default))
        {
            yield return (@default, "partition");
        }
    }
}
