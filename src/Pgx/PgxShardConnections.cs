using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx;

/// <summary>
/// Direct connections to the servers behind a table's partitions on other servers, one pool per server, built at
/// run time from <see cref="ForeignServerOptions"/>. A repository built with it writes and reads a row whose
/// partition is on another server on that server itself (one hop) instead of through the coordinator's
/// postgres_fdw link, and runs a batch on the servers that hold its rows, all or nothing (two-phase commit across
/// several databases when they all allow prepared transactions; otherwise through the coordinator). A repository built
/// on a connection or a caller's transaction never uses it: one transaction cannot span servers. Keys still come from the coordinator's sequence, reserved in blocks: one coordinator round trip
/// per <see cref="KeyBlockSize"/> inserts, and keys unique across every server because one sequence hands them all out.
/// Share one instance per application; dispose it at the end.
/// </summary>
public sealed partial class PgxShardConnections : IAsyncDisposable
{
    private readonly Dictionary<string, ForeignServerOptions> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ForeignServerDefinition> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NpgsqlDataSource> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, KeyBlock> _keys = new(StringComparer.Ordinal);

    /// <summary>
    /// Keeps each server's settings; its pool is built on first use, with the <c>[assembly: ForeignServer]</c>
    /// attribute's host, port and database where the settings leave them out (as <c>ApplyAsync</c> does). User and
    /// password only ever come from here.
    /// </summary>
    /// <param name="servers">Each foreign server's name (as in <c>[assembly: ForeignServer]</c>) and where it is.</param>
    public PgxShardConnections(IEnumerable<KeyValuePair<string, ForeignServerOptions>> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        foreach (var (name, options) in servers)
        {
            _servers[name] = options ?? throw new ArgumentException($"The settings of the server '{name}' are null.", nameof(servers));
        }
    }

    /// <summary>The servers of <see cref="PgxApplyOptions.ForeignServers"/>, so apply and repositories share one configuration.</summary>
    /// <param name="options">The apply options.</param>
    /// <returns>Connections to those servers.</returns>
    public static PgxShardConnections From(PgxApplyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PgxShardConnections(options.ForeignServers);
    }

    /// <summary>
    /// Takes the servers' non-secret defaults (host, port, database) as the assembly declares them; the first
    /// declaration of a server wins. Called by generated repositories; not meant to be called directly.
    /// </summary>
    /// <param name="declared">The assembly's foreign objects (<c>PgxSchema</c>'s), or <see langword="null"/>.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void UseDeclaredServers(ForeignSchemaDefinition? declared)
    {
        foreach (var server in declared?.Servers ?? Array.Empty<ForeignServerDefinition>())
        {
            _declared.TryAdd(server.Name, server);
        }
    }

    /// <summary>
    /// When true, repositories send every row through the coordinator again (postgres_fdw forwards it), as they do
    /// when built without shard connections; keys then come from the coordinator's sequence inside the statement.
    /// </summary>
    public bool ThroughCoordinator { get; set; }

    /// <summary>What a server sees as <c>application_name</c> of these connections (in <c>pg_stat_activity</c>).</summary>
    public const string ApplicationName = "Pgx shard repository";

    /// <summary>How many keys one coordinator round trip reserves for direct inserts (default 64).</summary>
    public int KeyBlockSize { get; set; } = 64;

    /// <summary>
    /// Opens a connection to <paramref name="server"/> for a row of <paramref name="partition"/>; the caller disposes it.
    /// </summary>
    /// <param name="server">The foreign server's name.</param>
    /// <param name="table">The partitioned table, for the error.</param>
    /// <param name="partition">The partition on that server, for the error.</param>
    /// <param name="value">The row's partition key, for the error.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>An open connection.</returns>
    /// <exception cref="PgxShardUnavailableException">The server is not configured or cannot be reached.</exception>
    public async ValueTask<NpgsqlConnection> OpenAsync(string server, string table, string partition, object? value, CancellationToken cancellationToken)
    {
        if (!_servers.TryGetValue(server, out var options))
        {
            throw new PgxShardUnavailableException(server, table, partition, value, "it has no connection settings in the shard connections", null);
        }

        NpgsqlDataSource source;
        lock (_sources)
        {
            if (!_sources.TryGetValue(server, out source!))
            {
                _declared.TryGetValue(server, out var declared);
                source = NpgsqlDataSource.Create(options.WithDeclaredDefaults(declared, ApplicationName).ConnectionString);
                _sources[server] = source;
            }
        }

        try
        {
            return await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new PgxShardUnavailableException(server, table, partition, value, "it could not be reached: " + e.Message, e);
        }
    }

    /// <summary>
    /// The next key of <paramref name="sequence"/> for a direct insert, from a block reserved by
    /// <paramref name="reserve"/> (one coordinator round trip) whenever the block is used up.
    /// </summary>
    /// <param name="sequence">The coordinator's sequence, naming the block.</param>
    /// <param name="reserve">Takes <c>count</c> values of the sequence on the coordinator.</param>
    /// <param name="cancellationToken">Cancels the reservation.</param>
    /// <returns>A key no other caller gets.</returns>
    public async ValueTask<long> NextKeyAsync(string sequence, Func<int, CancellationToken, Task<long[]>> reserve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reserve);
        var block = _keys.GetOrAdd(sequence, _ => new KeyBlock());
        await block.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (block.Keys.Count == 0)
            {
                foreach (var key in await reserve(Math.Max(1, KeyBlockSize), cancellationToken).ConfigureAwait(false))
                {
                    block.Keys.Enqueue(key);
                }
            }

            return block.Keys.Dequeue();
        }
        finally
        {
            block.Gate.Release();
        }
    }

    /// <summary>
    /// <paramref name="count"/> keys of <paramref name="sequence"/> for a direct batch: what is left of the reserved block,
    /// and the rest reserved by one call of <paramref name="reserve"/> (one coordinator round trip), however large the batch.
    /// </summary>
    /// <param name="sequence">The coordinator's sequence, naming the block.</param>
    /// <param name="count">How many keys.</param>
    /// <param name="reserve">Takes <c>count</c> values of the sequence on the coordinator.</param>
    /// <param name="cancellationToken">Cancels the reservation.</param>
    /// <returns>Keys no other caller gets.</returns>
    public async ValueTask<long[]> NextKeysAsync(string sequence, int count, Func<int, CancellationToken, Task<long[]>> reserve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reserve);
        var keys = new long[count];
        var block = _keys.GetOrAdd(sequence, _ => new KeyBlock());
        await block.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var taken = 0;
            while (taken < count && block.Keys.Count > 0)
            {
                keys[taken++] = block.Keys.Dequeue();
            }

            if (taken < count)
            {
                (await reserve(count - taken, cancellationToken).ConfigureAwait(false)).CopyTo(keys, taken);
            }

            return keys;
        }
        finally
        {
            block.Gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        List<NpgsqlDataSource> sources;
        lock (_sources)
        {
            sources = new List<NpgsqlDataSource>(_sources.Values);
            _sources.Clear();
        }

        foreach (var source in sources)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var block in _keys.Values)
        {
            block.Gate.Dispose();
        }
    }

    private sealed class KeyBlock
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Queue<long> Keys { get; } = new();
    }
}

/// <summary>A row's partition is on a server a repository could not use directly; the message names server, table, partition and value.</summary>
public sealed class PgxShardUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="server">The foreign server.</param>
    /// <param name="table">The partitioned table.</param>
    /// <param name="partition">The partition on that server.</param>
    /// <param name="value">The row's partition key.</param>
    /// <param name="reason">Why the server could not be used.</param>
    /// <param name="inner">The connection error, if any.</param>
    public PgxShardUnavailableException(string server, string table, string partition, object? value, string reason, Exception? inner)
        : base($"The row of {table} with partition key {value ?? "NULL"} belongs to partition {partition} on the server {server}, but {reason}", inner)
    {
        Server = server;
        Table = table;
        Partition = partition;
    }

    /// <summary>The foreign server.</summary>
    public string Server { get; }

    /// <summary>The partitioned table.</summary>
    public string Table { get; }

    /// <summary>The partition on that server.</summary>
    public string Partition { get; }
}
