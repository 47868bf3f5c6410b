using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Pgx;

/// <summary>
/// What <c>PgxSchema.ApplyAsync</c> would do to bring a database to the compiled model: ordered steps, each with its SQL
/// and hazards. Made by <c>PgxSchema.PlanAsync</c>, which reads the catalog and changes nothing.
/// </summary>
public sealed class PgxPlan
{
    internal PgxPlan(IReadOnlyList<PgxPlanStep> steps) => Steps = steps;

    /// <summary>The steps in the order they run.</summary>
    public IReadOnlyList<PgxPlanStep> Steps { get; }

    /// <summary>
    /// What would run on each foreign server that holds partitions (the tables behind the foreign partitions), by
    /// server name, before <see cref="Steps"/> run on the coordinator; empty when every partition is local or the plan
    /// was made without <c>PgxApplyOptions</c>. <see cref="ToSql"/> writes the coordinator's steps only: each server's
    /// script is its plan's <see cref="ToSql"/>.
    /// </summary>
    public IReadOnlyDictionary<string, PgxPlan> ShardPlans { get; internal init; } = new Dictionary<string, PgxPlan>();

    /// <summary>Whether the database (and every server in <see cref="ShardPlans"/>) already matches the model.</summary>
    public bool IsEmpty => Steps.Count == 0 && ShardPlans.Values.All(p => p.IsEmpty);

    /// <summary>Every hazard of every step, the servers' included.</summary>
    public PgxHazard Hazards => Steps.Concat(ShardPlans.Values.SelectMany(p => p.Steps)).Aggregate(PgxHazard.None, (all, step) => all | step.Hazards);

    /// <summary>
    /// The plan as one SQL script for review or for psql: each step under a comment with its description and hazards;
    /// steps that cannot run inside a transaction are marked so.
    /// </summary>
    /// <returns>The script; empty when the plan is.</returns>
    public string ToSql()
    {
        var sql = new StringBuilder();
        foreach (var step in Steps)
        {
            sql.Append("-- ").Append(step.Description.Replace("\n", " ")).Append('\n');
            if (step.Hazards != PgxHazard.None)
            {
                sql.Append("-- hazards: ").Append(step.Hazards).Append('\n');
            }

            if (!step.RunsInTransaction)
            {
                sql.Append("-- cannot run inside a transaction block\n");
            }

            sql.Append(step.Sql.TrimEnd()).Append('\n').Append('\n');
        }

        return sql.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => IsEmpty
        ? "(nothing to do)"
        : string.Join(Environment.NewLine, ShardPlans.Where(p => !p.Value.IsEmpty).Select(p => "on the server " + p.Key + ":" + Environment.NewLine + p.Value).Concat(Steps.Select(s => s.ToString())));
}

/// <summary>One step of a <see cref="PgxPlan"/>.</summary>
public sealed class PgxPlanStep
{
    internal PgxPlanStep(string table, string description, IReadOnlyList<string> statements, PgxHazard hazards, bool runsInTransaction)
    {
        Table = table;
        Description = description;
        Statements = statements;
        Hazards = hazards;
        RunsInTransaction = runsInTransaction;
    }

    /// <summary>The table the step changes, <c>schema.name</c>.</summary>
    public string Table { get; }

    /// <summary>What the step does, in a sentence.</summary>
    public string Description { get; }

    /// <summary>The step's SQL: its statements, each ending with a semicolon.</summary>
    public string Sql => string.Join("\n", Statements.Select(s => s.TrimEnd().EndsWith(";", StringComparison.Ordinal) ? s.TrimEnd() : s.TrimEnd() + ";"));

    /// <summary>What else the step may do: lose data, rewrite or lock a table, build an index, move rows.</summary>
    public PgxHazard Hazards { get; }

    /// <summary>
    /// Whether the step can run inside a transaction. <c>CREATE INDEX CONCURRENTLY</c> cannot: such a step runs on its
    /// own, and the connection-and-transaction <c>ApplyAsync</c> refuses a plan that has one.
    /// </summary>
    public bool RunsInTransaction { get; }

    /// <summary>The statements, run one after the other.</summary>
    internal IReadOnlyList<string> Statements { get; }

    /// <summary>
    /// Whether the step's transaction commits right after it, before the next step: its locks must be released for the
    /// next step to be online (a NOT VALID constraint, which the next step validates while writers go on).
    /// </summary>
    internal bool EndsTransaction { get; init; }

    /// <summary>
    /// Whether the step needs the foreign servers and user mappings (it moves a partition's rows to a server), so it runs
    /// after the foreign refresh; the caller's-transaction <c>ApplyAsync</c> refuses a plan that has one.
    /// </summary>
    internal bool AfterForeignObjects { get; init; }

    /// <summary>A statement that undoes what the step committed, run when a later step fails (a move's stop on writes), or null.</summary>
    internal string? UndoOnFailure { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Description + (Hazards == PgxHazard.None ? "" : " [" + Hazards + "]") + (RunsInTransaction ? "" : " (outside a transaction)");
}
