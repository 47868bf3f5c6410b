using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Schema;

namespace Pgx;

/// <summary>Maintenance of rolling partition sets (<c>[RollingPartitions]</c>).</summary>
public static partial class PgxSchemaApplier
{
    /// <summary>
    /// Creates the partitions "now" needs (from Start, or the oldest kept, through <paramref name="now"/> plus Premake
    /// intervals), moves rows waiting in default partitions into them, and retires partitions older than the
    /// retention, for every rolling set of <paramref name="model"/> that Pgx maintains; each new partition gets its
    /// parent's privileges, row-level security and (trigger routing) row triggers through <c>pgx.mirror_partition</c>,
    /// installed first when the database's maintenance routines are not the model's. Holds
    /// <see cref="AdvisoryLockKey"/> throughout, so it never runs beside an apply or another maintenance; each batch of
    /// partitions commits on its own, under <see cref="PgxApplyOptions.LockTimeout"/> with retries.
    /// </summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="model">The desired schema (<c>PgxSchema.Model</c>).</param>
    /// <param name="now">The time the partitions are made for (an integer key's "now" is its largest stored value).</param>
    /// <param name="options">Run-time settings, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels between statements; batches already committed stay.</param>
    /// <returns>What was created, detached, dropped and moved.</returns>
    public static async Task<PgxMaintenanceReport> MaintainModelAsync(NpgsqlDataSource dataSource, string model, DateTimeOffset now, PgxApplyOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PgxApplyOptions();
        var desired = SchemaJson.Read(model);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await AcquireSessionLockAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            // The routines the new partitions are mirrored with (pgx.mirror_partition), in the model's version.
            await MaintenanceJob.InstallProcedureAsync(connection, desired, options, cancellationToken).ConfigureAwait(false);
            return await RollingMaintenance.RunAsync(connection, desired, now, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseSessionLockAsync(connection).ConfigureAwait(false);
        }
    }
}
