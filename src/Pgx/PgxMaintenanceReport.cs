using System.Collections.Generic;

namespace Pgx;

/// <summary>What one run of <c>PgxSchema.MaintainAsync</c> did to the rolling partition sets.</summary>
public sealed class PgxMaintenanceReport
{
    /// <summary>Creates a report.</summary>
    /// <param name="created">The partitions created, <c>schema.name</c>.</param>
    /// <param name="detached">The partitions detached by retention.</param>
    /// <param name="dropped">The partitions dropped by retention.</param>
    /// <param name="rowsMoved">Rows moved out of default partitions into the partitions created for them.</param>
    public PgxMaintenanceReport(IReadOnlyList<string> created, IReadOnlyList<string> detached, IReadOnlyList<string> dropped, long rowsMoved)
    {
        Created = created;
        Detached = detached;
        Dropped = dropped;
        RowsMoved = rowsMoved;
    }

    /// <summary>The partitions created, qualified (<c>schema.name</c>), oldest first.</summary>
    public IReadOnlyList<string> Created { get; }

    /// <summary>The partitions detached by retention (the tables and their rows remain), qualified.</summary>
    public IReadOnlyList<string> Detached { get; }

    /// <summary>The partitions dropped by retention, qualified.</summary>
    public IReadOnlyList<string> Dropped { get; }

    /// <summary>Rows moved out of default partitions into the partitions created for them.</summary>
    public long RowsMoved { get; }

    /// <summary>Whether the run changed nothing.</summary>
    public bool IsEmpty => Created.Count == 0 && Detached.Count == 0 && Dropped.Count == 0 && RowsMoved == 0;
}
