using System;
using System.Collections.Generic;
using System.Linq;

namespace Pgx;

/// <summary>
/// Thrown by <c>PgxSchema.ApplyAsync</c> before it changes anything, when the plan has steps that lose data (dropped
/// columns or tables, narrowed types) and <see cref="PgxApplyOptions.AllowDataLoss"/> is not set.
/// </summary>
public sealed class PgxUnsafeChangeException : Exception
{
    /// <summary>Creates the exception for <paramref name="steps"/>.</summary>
    /// <param name="steps">The steps that were refused.</param>
    public PgxUnsafeChangeException(IReadOnlyList<PgxPlanStep> steps)
        : base("The schema change would lose data, and PgxApplyOptions.AllowDataLoss is not set; nothing was changed. Refused steps: "
            + string.Join("; ", steps.Select(s => s.Description)) + ".")
    {
        Steps = steps;
    }

    /// <summary>The steps that would lose data.</summary>
    public IReadOnlyList<PgxPlanStep> Steps { get; }
}
