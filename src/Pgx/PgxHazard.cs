using System;

namespace Pgx;

/// <summary>What a step of a <see cref="PgxPlan"/> may do besides changing the schema.</summary>
[Flags]
public enum PgxHazard
{
    /// <summary>Nothing beyond the change itself.</summary>
    None = 0,

    /// <summary>Rows or columns are dropped: refused by <c>ApplyAsync</c> unless <see cref="PgxApplyOptions.AllowDataLoss"/>.</summary>
    DataLoss = 1,

    /// <summary>PostgreSQL rewrites the whole table (e.g. a column type change), holding an exclusive lock meanwhile.</summary>
    TableRewrite = 2,

    /// <summary>An exclusive lock is held for as long as the step reads or moves rows, blocking readers and writers.</summary>
    LongLock = 4,

    /// <summary>An index is built: concurrently where PostgreSQL allows, so writers are not blocked, but it takes time and I/O.</summary>
    IndexBuild = 8,

    /// <summary>Rows move from one partition to another (a new partition takes rows from the default, bounds change).</summary>
    MovesRows = 16,
}
