namespace Pgx.Generators.Emit;

/// <summary>
/// <c>PgxSchema.MaintainAsync</c>, written when a table has <c>[RollingPartitions]</c>: the maintenance that creates,
/// fills and retires rolling partitions, to call on a schedule.
/// </summary>
internal static class RollingMembersEmitter
{
    /// <summary>Writes both <c>MaintainAsync</c> overloads.</summary>
    public static void WriteMaintain(SourceWriter writer)
    {
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Maintains the rolling partition sets: creates every missing partition from Start (or the oldest kept) through");
        writer.Line("/// <paramref name=\"now\"/> plus Premake intervals, moves rows waiting in a default partition into the partition made");
        writer.Line("/// for them, detaches or drops partitions older than Retain (never the one holding <paramref name=\"now\"/>), and");
        writer.Line("/// rewrites a trigger-routed table's routing function to match. Idempotent; under the same advisory lock as");
        writer.Line("/// <c>ApplyAsync</c>, which runs it once. Call it on a schedule (say hourly) with <c>DateTimeOffset.UtcNow</c>.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"dataSource\">The database.</param>");
        writer.Line("/// <param name=\"now\">The time to maintain for.</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels between statements; batches already committed stay.</param>");
        writer.Line("/// <returns>The partitions created, detached and dropped, and the rows moved.</returns>");
        writer.Line("public static global::System.Threading.Tasks.Task<global::Pgx.PgxMaintenanceReport> MaintainAsync(global::Npgsql.NpgsqlDataSource dataSource, global::System.DateTimeOffset now, global::System.Threading.CancellationToken cancellationToken = default)");
        writer.Line("    => global::Pgx.PgxSchemaApplier.MaintainModelAsync(dataSource, Model, now, null, cancellationToken);");
        writer.Line();
        writer.Line("/// <summary>Maintains the rolling partition sets with the lock timeout and retries of <paramref name=\"options\"/>.</summary>");
        writer.Line("/// <param name=\"dataSource\">The database.</param>");
        writer.Line("/// <param name=\"now\">The time to maintain for.</param>");
        writer.Line("/// <param name=\"options\">Run-time settings (lock timeout, retries).</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels between statements; batches already committed stay.</param>");
        writer.Line("/// <returns>The partitions created, detached and dropped, and the rows moved.</returns>");
        writer.Line("public static global::System.Threading.Tasks.Task<global::Pgx.PgxMaintenanceReport> MaintainAsync(global::Npgsql.NpgsqlDataSource dataSource, global::System.DateTimeOffset now, global::Pgx.PgxApplyOptions? options, global::System.Threading.CancellationToken cancellationToken = default)");
        writer.Line("    => global::Pgx.PgxSchemaApplier.MaintainModelAsync(dataSource, Model, now, options, cancellationToken);");
    }
}
