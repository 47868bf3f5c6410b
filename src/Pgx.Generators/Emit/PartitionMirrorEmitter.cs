using System.Collections.Generic;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;
using Pgx.Schema;

namespace Pgx.Generators.Emit;

/// <summary>
/// One DO block, after every table, that gives each fixed partition its parent's privileges (table and column),
/// row-level security switches and policies, and — for trigger-routed children — the parent's row triggers: the SQL
/// of <see cref="PartitionMirrorSql"/> (why, and what it leaves to PostgreSQL, is said there) over a VALUES list of
/// the partitions. Rolling partitions get the same from the maintenance, which calls it as <c>pgx.mirror_partition</c>.
/// </summary>
internal static class PartitionMirrorEmitter
{
    /// <summary>Whether <see cref="Write"/> writes anything: some local table has partitions.</summary>
    public static bool Writes(IEnumerable<TableSpec> tables) => Links(tables).Count > 0;

    /// <summary>Writes the block when any local table has partitions; otherwise nothing.</summary>
    public static void Write(SourceWriter sql, IEnumerable<TableSpec> tables)
    {
        var links = Links(tables);
        if (links.Count == 0)
        {
            return;
        }

        var body = new SourceWriter();
        body.Lines(PartitionMirrorSql.Head);
        using (body.Indent())
        using (body.Indent())
        using (body.Indent())
        {
            for (var i = 0; i < links.Count; i++)
            {
                body.Line(links[i] + (i < links.Count - 1 ? "," : ""));
            }
        }

        body.Lines(PartitionMirrorSql.Tail);
        var text = body.ToString().TrimEnd('\n');
        var tag = SqlText.DollarTag(text);
        sql.Line("-- Each partition gets its parent's privileges and row-level security, each trigger-routed child its row triggers,");
        sql.Line("-- since repositories read and write partitions directly. Apply again after changing any of them on a parent.");
        sql.Line("DO " + tag);
        sql.Lines(text);
        sql.Line(tag + ";");
    }

    /// <summary>One <c>(parent, partition, routing trigger or NULL)</c> row of the block's VALUES per partition.</summary>
    private static List<string> Links(IEnumerable<TableSpec> tables)
    {
        var links = new List<string>();
        foreach (var table in tables.Where(t => t.Foreign is null))
        {
            if (table.Partitioning is not { } partitioning)
            {
                continue;
            }

            var routingTrigger = table.IsTriggerRouted ? SqlText.Literal(table.RoutingTrigger()) : "NULL";
            // Partitions on other servers are not there yet when this runs, and their rows are guarded by the user mapping.
            foreach (var child in DdlEmitter.LocalChildNames(partitioning))
            {
                links.Add("(" + SqlText.Literal(table.Qualified()) + ", " + SqlText.Literal(table.QualifiedChild(child)) + ", " + routingTrigger + ")");
            }
        }

        return links;
    }
}
