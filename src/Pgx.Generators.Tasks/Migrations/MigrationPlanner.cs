using System.Collections.Generic;
using System.Linq;
using Pgx.Schema;

namespace Pgx.Generators.Tasks.Migrations;

/// <summary>
/// The build-time half of the diff: the compiled model against the snapshot of the model the migrations so far lead
/// to, through the same engine <c>PgxSchema.PlanAsync</c> runs against a live catalog. No snapshot is an empty
/// database, so the first migration creates the whole schema.
/// </summary>
internal static class MigrationPlanner
{
    /// <summary>The steps that take a database from <paramref name="snapshot"/> (null: empty) to <paramref name="model"/>.</summary>
    public static IReadOnlyList<PgxPlanStep> Plan(SchemaModel model, SchemaModel? snapshot)
    {
        var actual = snapshot ?? new SchemaModel();
        var steps = SchemaDiff.Compare(model, actual, SnapshotSpelling(model), allowDataLoss: false).Steps;
        if (model.MirrorSql.Length > 0 && Partitions(model).Except(Partitions(actual)).Any())
        {
            // New partitions get their parent's privileges, row-level security and row triggers (idempotent), as in
            // PgxSchema.Sql; a migration that adds no partition leaves it out.
            steps.Add(new PgxPlanStep("", "Give every partition its parent's privileges, row-level security and row triggers",
                new[] { model.MirrorSql }, PgxHazard.None, runsInTransaction: true));
        }

        return steps;
    }

    private static IEnumerable<string> Partitions(SchemaModel model) =>
        model.Tables.SelectMany(t => (t.Partitioning?.Partitions ?? new List<PartitionModel>()).Select(p => t.Schema + "." + t.Name + "." + p.Name));

    /// <summary>
    /// A snapshot holds the model's own spelling of bounds and CHECKs, not the server's canonical text a catalog
    /// holds, so both sides are compared in the model's: a declarative partition by its bound, a trigger-routed
    /// child by its CHECK expression.
    /// </summary>
    private static IReadOnlyDictionary<string, string> SnapshotSpelling(SchemaModel model)
    {
        var spelling = new Dictionary<string, string>();
        foreach (var table in model.Tables.Where(t => t.Partitioning is not null))
        {
            foreach (var partition in table.Partitioning!.Partitions)
            {
                var text = table.Partitioning.IsTriggerRouted ? partition.Check : partition.Bound;
                if (text is not null)
                {
                    spelling[SchemaDiff.CanonicalKey(table, partition)] = text;
                }
            }
        }

        return spelling;
    }
}
