using System.Linq;

namespace Pgx.Schema;

/// <summary>
/// Adopting a trigger-routed table built by hand, the way "When Your Postgres Database and ORM Collide: Partitioning"
/// builds one: CHECKs under the names PostgreSQL gave them, a routing trigger and function of any name, rows that
/// reached the parent itself. What already says the same as the model is kept (a CHECK is renamed, not re-checked);
/// the hand trigger is replaced by Pgx's in one transaction, so the table is never routed twice or not at all.
/// </summary>
internal sealed partial class SchemaDiff
{
    /// <summary>
    /// Whether the child has, under another name, a CHECK that the server spells as the model's (<paramref name="check"/>);
    /// then it is renamed to the model's name, which costs no scan, and true is returned.
    /// </summary>
    private bool AdoptCheck(TableModel table, PartitionModel partition, PartitionModel existing, string check)
    {
        if (partition.CheckName is not { } wantedName || existing.Checks.ContainsKey(wantedName))
        {
            return false;
        }

        var same = existing.Checks.FirstOrDefault(c => c.Value == check).Key;
        if (same is null)
        {
            return false;
        }

        Add(table, "Rename CHECK " + same + " of child table " + Qualified(table.Schema, partition.Name) + " to " + wantedName + " (it already holds " + partition.Check + ")", PgxHazard.None, true,
            "ALTER TABLE " + Q(table.Schema) + "." + Q(partition.Name) + " RENAME CONSTRAINT " + Q(same) + " TO " + Q(wantedName));
        return true;
    }

    /// <summary>
    /// Pgx's routing trigger on the parent, and no other: a routing trigger written by hand (any name) is dropped in
    /// the step that creates Pgx's, and its function with it unless another trigger still runs it. Only known from a
    /// catalog; a snapshot of the model has Pgx's trigger by definition.
    /// </summary>
    private void RoutingTrigger(TableModel table, TableModel actual, PartitioningModel wanted)
    {
        if (actual.Partitioning?.RoutingTriggers is not { } triggers || wanted.RoutingFunction is not { } own)
        {
            return;
        }

        var others = triggers.Where(t => !(t.Name == own && t.Function == own && t.FunctionSchema == table.Schema)).ToList();
        if (others.Count == 0 && triggers.Count > 0)
        {
            return;
        }

        var replaced = string.Join(", ", others.Select(t => t.Name + " (function " + Qualified(t.FunctionSchema, t.Function) + ")"));
        Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.RoutingTriggerDiffers, own, others.Count == 0 ? null : replaced) { IsLocal = true });
        var statements = others.Select(t => "DROP TRIGGER " + Q(t.Name) + " ON " + QT(table)).ToList();
        statements.Add("CREATE OR REPLACE TRIGGER " + Q(own) + " BEFORE INSERT ON " + QT(table) + " FOR EACH ROW EXECUTE FUNCTION " + Q(table.Schema) + "." + Q(own) + "()");
        statements.AddRange(others.Where(t => !(t.Function == own && t.FunctionSchema == table.Schema)).Select(t => DropUnusedFunction(t.FunctionSchema, t.Function)).Distinct());
        Add(table, "Route the rows of " + Name(table) + " with Pgx's trigger " + own + (others.Count == 0 ? "" : " instead of " + replaced + ", in one transaction"), PgxHazard.None, true, statements.ToArray());
    }

    /// <summary>Rows in the parent table itself are moved into its children through the routing trigger.</summary>
    private void MoveRowsInParent(TableModel table, TableModel actual)
    {
        if (actual.Partitioning is not { RowsInParent: > 0 } partitioning)
        {
            return;
        }

        var rows = partitioning.RowsInParent + (partitioning.RowsInParent == 1 ? " row" : " rows");
        Drift.Add(new PgxDrift(Name(table), null, PgxDriftKind.RowsInParent, null, rows) { IsLocal = true });
        var columns = ColumnList(table);
        Add(table, "Move the " + rows + " in " + Name(table) + " itself (ONLY) into its child tables through the routing trigger", PgxHazard.MovesRows, true,
            "WITH moved AS (DELETE FROM ONLY " + QT(table) + " RETURNING " + columns + ") INSERT INTO " + QT(table) + " (" + columns + ") SELECT " + columns + " FROM moved");
    }

    /// <summary>A DO block that drops a routing function when it exists and no trigger runs it any more.</summary>
    private static string DropUnusedFunction(string schema, string name)
    {
        var function = Literal(Q(schema) + "." + Q(name) + "()");
        return "DO $pgx$ BEGIN IF pg_catalog.to_regprocedure(" + function + ") IS NOT NULL AND NOT EXISTS (SELECT FROM pg_catalog.pg_trigger WHERE tgfoid = pg_catalog.to_regprocedure(" + function + ")) THEN "
            + "EXECUTE 'DROP FUNCTION ' || " + function + "; END IF; END $pgx$";
    }
}
