using System;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Shards.Tests;

/// <summary>
/// One test's databases: a fresh coordinator database and a fresh database on each shard (owned by the shard role),
/// and the apply options that point <c>shard_a</c> and <c>shard_b</c> at them.
/// </summary>
public sealed class ShardedDatabase : IAsyncDisposable
{
    private ShardedDatabase(NpgsqlDataSource coordinator, NpgsqlDataSource shardA, NpgsqlDataSource shardB, PgxApplyOptions options)
    {
        Coordinator = coordinator;
        ShardA = shardA;
        ShardB = shardB;
        Options = options;
    }

    /// <summary>The coordinator database, as its superuser.</summary>
    public NpgsqlDataSource Coordinator { get; }

    /// <summary>The database behind <c>shard_a</c>, as the shard role.</summary>
    public NpgsqlDataSource ShardA { get; }

    /// <summary>The database behind <c>shard_b</c>, as the shard role.</summary>
    public NpgsqlDataSource ShardB { get; }

    /// <summary>Both shards' connection settings, as an application would derive them from its configuration.</summary>
    public PgxApplyOptions Options { get; }

    /// <summary>
    /// Makes the databases; <paramref name="shardB"/> replaces the fixture's second shard when given, and
    /// <paramref name="coordinatorEncoding"/> makes the coordinator's database in that encoding (C collation) instead of UTF8.
    /// </summary>
    public static async Task<ShardedDatabase> CreateAsync(ShardClusters clusters, string hint, PostgresServer? shardB = null, string? coordinatorEncoding = null)
    {
        var coordinator = NpgsqlDataSource.Create(coordinatorEncoding is null
            ? await clusters.Coordinator.CreateDatabaseAsync(hint)
            : await EncodedDatabaseAsync(clusters.Coordinator, hint, coordinatorEncoding));
        var a = await ShardDatabaseAsync(clusters, clusters.ShardA, hint + "_a");
        var b = await ShardDatabaseAsync(clusters, shardB ?? clusters.ShardB, hint + "_b");
        var options = new PgxApplyOptions();
        options.ForeignServers["shard_a"] = ForeignServerOptions.FromConnectionString(a);
        options.ForeignServers["shard_b"] = ForeignServerOptions.FromConnectionString(b);
        return new ShardedDatabase(coordinator, NpgsqlDataSource.Create(a), NpgsqlDataSource.Create(b), options);
    }

    private static async Task<string> EncodedDatabaseAsync(PostgresServer server, string hint, string encoding)
    {
        var name = "pgx_" + hint.ToLowerInvariant() + "_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
        {
            await Sql.ExecuteFormattedAsync(admin, "CREATE DATABASE %I TEMPLATE template0 ENCODING %L LC_COLLATE 'C' LC_CTYPE 'C'", name, encoding);
        }

        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<string> ShardDatabaseAsync(ShardClusters clusters, PostgresServer server, string hint)
    {
        var name = "pgx_" + hint.ToLowerInvariant() + "_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
        {
            await Sql.ExecuteFormattedAsync(admin, "CREATE DATABASE %I OWNER %I TEMPLATE template0 ENCODING 'UTF8'", name, ShardClusters.ShardRole);
        }

        return new NpgsqlConnectionStringBuilder(server.ConnectionString)
        {
            Database = name,
            Username = ShardClusters.ShardRole,
            Password = clusters.ShardPassword,
        }.ConnectionString;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Coordinator.DisposeAsync();
        await ShardA.DisposeAsync();
        await ShardB.DisposeAsync();
    }
}
