using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Shards.Tests;

/// <summary>
/// A coordinator and two shards: three throwaway PostgreSQL clusters on their own loopback ports, started once per
/// test class and stopped at its end. On each shard, a role that logs in with its scram password owns the databases
/// the tests make, so the coordinator's postgres_fdw link and Pgx's own shard connection both authenticate for real.
/// </summary>
public sealed class ShardClusters : IAsyncLifetime
{
    /// <summary>The role on every shard that owns the shard databases.</summary>
    public const string ShardRole = "pgx_shard";

    /// <summary>The coordinator's cluster.</summary>
    public PostgresServer Coordinator { get; private set; } = null!;

    /// <summary>The cluster behind <c>shard_a</c>.</summary>
    public PostgresServer ShardA { get; private set; } = null!;

    /// <summary>The cluster behind <c>shard_b</c>.</summary>
    public PostgresServer ShardB { get; private set; } = null!;

    /// <summary>Made up at run time, with a quote and a space, so it is in no file and must survive quoting.</summary>
    public string ShardPassword { get; } = "shard 'pw " + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Lets a cluster prepare transactions, so a batch across servers can commit by two-phase commit (PostgreSQL's
    /// default, 0, forbids <c>PREPARE TRANSACTION</c>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PreparedTransactions = new Dictionary<string, string> { ["max_prepared_transactions"] = "10" };

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var coordinator = PostgresServer.StartThrowawayAsync(PreparedTransactions);
        var a = StartShardAsync();
        var b = StartShardAsync();
        await Task.WhenAll(coordinator, a, b);
        (Coordinator, ShardA, ShardB) = (coordinator.Result, a.Result, b.Result);
    }

    /// <summary>Starts a shard cluster with <see cref="ShardRole"/>; the caller disposes it.</summary>
    /// <param name="preparedTransactions">Whether it allows prepared transactions (two-phase commit).</param>
    public async Task<PostgresServer> StartShardAsync(bool preparedTransactions = true)
    {
        var server = await PostgresServer.StartThrowawayAsync(preparedTransactions ? PreparedTransactions : null);
        await using var db = NpgsqlDataSource.Create(server.ConnectionString);
        await Sql.ExecuteFormattedAsync(db, "CREATE ROLE %I LOGIN PASSWORD %L", ShardRole, ShardPassword);
        return server;
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        foreach (var server in new[] { Coordinator, ShardA, ShardB })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
