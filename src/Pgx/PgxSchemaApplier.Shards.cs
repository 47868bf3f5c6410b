using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Pgx.Schema;

namespace Pgx;

/// <summary>
/// Partitions on other servers: the real tables behind the coordinator's foreign partitions, planned and applied with
/// the same engine through each server's own connection (<see cref="PgxApplyOptions.ForeignServers"/>).
/// </summary>
public static partial class PgxSchemaApplier
{
    /// <summary>
    /// Every difference between the local tables and the model, and between each server's tables behind the partitions
    /// it holds and the model (each such difference names its server in <see cref="PgxDrift.Server"/>).
    /// </summary>
    /// <param name="dataSource">The coordinator database.</param>
    /// <param name="model">The desired schema (<c>PgxSchema.Model</c>).</param>
    /// <param name="options">The servers' connection settings and credentials.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The differences; empty when every database matches the model.</returns>
    public static async Task<IReadOnlyList<PgxDrift>> CheckDriftAsync(NpgsqlDataSource dataSource, string model, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var drift = new List<PgxDrift>(await CheckDriftAsync(dataSource, model, cancellationToken).ConfigureAwait(false));
        foreach (var shard in SchemaJson.Read(model).Shards)
        {
            await using var source = ShardDataSource(shard.Server, null, options);
            await using var connection = await OpenShardAsync(source, shard.Server, cancellationToken).ConfigureAwait(false);
            var diff = await CompareAsync(connection, null, ShardSchema(shard), options, cancellationToken).ConfigureAwait(false);
            drift.AddRange(diff.Drift.Select(d => d with { Server = shard.Server }));
        }

        return drift;
    }

    /// <summary>
    /// Brings each server's tables to the model before the coordinator's own steps, so a foreign partition never points
    /// at a table that is missing or lacks a column. Each server's steps run under its own advisory lock.
    /// </summary>
    private static async Task<Dictionary<string, PgxPlan>> ApplyShardsAsync(SchemaModel desired, ForeignSchemaDefinition? foreign, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        var plans = new Dictionary<string, PgxPlan>(StringComparer.Ordinal);
        foreach (var shard in desired.Shards)
        {
            await using var source = ShardDataSource(shard.Server, foreign, options);
            await using var connection = await OpenShardAsync(source, shard.Server, cancellationToken).ConfigureAwait(false);
            await AcquireSessionLockAsync(connection, cancellationToken).ConfigureAwait(false);
            try
            {
                var diff = await CompareAsync(connection, null, ShardSchema(shard), options, cancellationToken).ConfigureAwait(false);
                var plan = new PgxPlan(diff.Steps);
                RefuseDataLoss(plan, options);
                await PlanRunner.RunAsync(connection, plan.Steps, options, _ => Task.CompletedTask, cancellationToken).ConfigureAwait(false);
                plans[shard.Server] = plan;
            }
            finally
            {
                await ReleaseSessionLockAsync(connection).ConfigureAwait(false);
            }
        }

        return plans;
    }

    /// <summary>
    /// What <see cref="ApplyShardsAsync"/> would do on each server, read through its own connection; changes nothing.
    /// Without options, none: the coordinator's plan alone, as <c>CheckDriftAsync</c> without options.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, PgxPlan>> PlanShardsAsync(SchemaModel desired, PgxApplyOptions? options, CancellationToken cancellationToken)
    {
        var plans = new Dictionary<string, PgxPlan>(StringComparer.Ordinal);
        foreach (var shard in options is null ? new List<ShardModel>() : desired.Shards)
        {
            await using var source = ShardDataSource(shard.Server, null, options!);
            await using var connection = await OpenShardAsync(source, shard.Server, cancellationToken).ConfigureAwait(false);
            plans[shard.Server] = new PgxPlan((await CompareAsync(connection, null, ShardSchema(shard), options!, cancellationToken).ConfigureAwait(false)).Steps);
        }

        return plans;
    }

    private static SchemaModel ShardSchema(ShardModel shard) => new() { Schemas = shard.Schemas, Tables = shard.Tables };

    /// <summary>
    /// A data source for <paramref name="server"/> from <see cref="PgxApplyOptions.ForeignServers"/>, with the
    /// attribute's host, port and database where the options leave them out.
    /// </summary>
    internal static NpgsqlDataSource ShardDataSource(string server, ForeignSchemaDefinition? foreign, PgxApplyOptions options)
    {
        if (!options.ForeignServers.TryGetValue(server, out var supplied))
        {
            throw new InvalidOperationException(
                $"The foreign server '{server}' holds partitions, and Pgx creates their tables through its own connection: set PgxApplyOptions.ForeignServers[\"{server}\"] "
                + "(e.g. ForeignServerOptions.FromConnectionString(shardConnectionString)). Nothing was applied.");
        }

        var declared = foreign?.Servers.FirstOrDefault(s => s.Name == server);
        return NpgsqlDataSource.Create(supplied.WithDeclaredDefaults(declared, "Pgx shard apply").ConnectionString);
    }

    private static async Task<NpgsqlConnection> OpenShardAsync(NpgsqlDataSource source, string server, CancellationToken cancellationToken)
    {
        try
        {
            return await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            var builder = new NpgsqlConnectionStringBuilder(source.ConnectionString);
            throw new PgxForeignLinkException(server, builder.Host, builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), builder.Database, builder.Username,
                (e as PostgresException)?.SqlState ?? "08001", e.Message, e);
        }
    }
}
