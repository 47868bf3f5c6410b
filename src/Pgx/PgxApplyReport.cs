using System;
using System.Collections.Generic;

namespace Pgx;

/// <summary>What <c>PgxSchema.ApplyAsync</c> did: each step that ran, how long, and how long it held its locks.</summary>
public sealed class PgxApplyReport
{
    internal PgxApplyReport(PgxPlan plan, IReadOnlyList<PgxStepResult> steps)
    {
        Plan = plan;
        Steps = steps;
    }

    /// <summary>The plan that was applied.</summary>
    public PgxPlan Plan { get; }

    /// <summary>One result per step, in the order they ran.</summary>
    public IReadOnlyList<PgxStepResult> Steps { get; }

    /// <summary>
    /// What the one maintenance run after the steps did to rolling partition sets (<c>[RollingPartitions]</c>), or
    /// <see langword="null"/> when the apply ran in the caller's transaction, which runs none.
    /// </summary>
    public PgxMaintenanceReport? Maintenance { get; internal init; }

    /// <summary>
    /// What was applied on each foreign server that holds partitions (the tables behind the foreign partitions), by
    /// server name; empty when every partition is local. The apply in the caller's transaction applies them too, first,
    /// each in its own transaction on its server (they cannot join the caller's).
    /// </summary>
    public IReadOnlyDictionary<string, PgxPlan> ShardPlans { get; internal init; } = new Dictionary<string, PgxPlan>();
}

/// <summary>How one step went.</summary>
/// <param name="Step">The step.</param>
/// <param name="Attempts">How many times it was tried: more than one when it gave up on a lock (<see cref="PgxApplyOptions.LockTimeout"/>) and retried.</param>
/// <param name="Duration">How long its statements ran, in the attempt that succeeded.</param>
/// <param name="LocksHeld">
/// How long the locks it took were held: from its first statement to the commit of its transaction (steps next to each
/// other share a transaction, so their locks are released together).
/// </param>
public sealed record PgxStepResult(PgxPlanStep Step, int Attempts, TimeSpan Duration, TimeSpan LocksHeld);
