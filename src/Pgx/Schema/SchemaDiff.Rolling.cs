using System;
using System.Collections.Generic;
using System.Linq;

namespace Pgx.Schema;

/// <summary>Rolling partition sets in the diff: what maintenance (Pgx's or pg_partman's) made is not drift, and the plan never touches it.</summary>
internal sealed partial class SchemaDiff
{
    /// <summary>
    /// Removes from <paramref name="actual"/> the children of each rolling set that maintenance made (named by its
    /// rule, not listed in the model), and for trigger routing takes the routing function maintenance wrote as the
    /// model's: the plan would otherwise detach those partitions as extra and strip their branches from the function.
    /// </summary>
    private static void SetRollingPartitionsAside(SchemaModel desired, SchemaModel actual)
    {
        foreach (var table in desired.Tables.Where(t => t.Partitioning?.Rolling is not null))
        {
            if (actual.Tables.FirstOrDefault(t => t.Schema == table.Schema && t.Name == table.Name)?.Partitioning is not { } partitioning)
            {
                continue;
            }

            var made = RollingChildren(table, partitioning.Partitions.Select(p => p.Name)).ToList();
            partitioning.Partitions.RemoveAll(p => made.Contains(p.Name));
            if (table.Partitioning!.IsTriggerRouted && partitioning.RoutingFunctionBody is not null)
            {
                partitioning.RoutingFunctionBody = table.Partitioning.RoutingFunctionBody;
            }
        }
    }

    /// <summary>
    /// The rolling children among <paramref name="children"/>: names the set's maintainer gives, other than the fixed
    /// partitions'. pg_partman's are its partitions under 4.x's or 5.x's naming, the default partition it makes, and
    /// partitions under Pgx's naming that registration has yet to rename.
    /// </summary>
    public static IEnumerable<string> RollingChildren(TableModel table, IEnumerable<string> children) =>
        RollingChildren(table, children, table.Partitioning!.Rolling!.Maintainer);

    /// <summary>The rolling children among <paramref name="children"/> under <paramref name="maintainer"/>'s naming (<c>pgx</c> or <c>pg_partman</c>).</summary>
    public static IEnumerable<string> RollingChildren(TableModel table, IEnumerable<string> children, string maintainer)
    {
        var rolling = table.Partitioning!.Rolling!;
        if (RollingInterval.Parse(rolling.Interval, rolling.IntegerKey, out _) is not { } rule)
        {
            return Enumerable.Empty<string>();
        }

        var listed = new HashSet<string>(table.Partitioning.Partitions.Select(p => p.Name), StringComparer.Ordinal);
        // A set handed from Pgx to pg_partman keeps Pgx's names until registration renames them: both are the set's.
        return maintainer == "pg_partman"
            ? children.Where(c => !listed.Contains(c) && (PgPartmanRules.PartitionNamed(rule, table.Name, c) is not null || rule.PartitionNamed(table.Name, c) is not null || c == PgPartmanRules.DefaultPartition(table.Name)))
            : children.Where(c => !listed.Contains(c) && rule.PartitionNamed(table.Name, c) is not null);
    }
}
