using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx;

/// <summary>
/// One batch written directly on the databases that hold its rows (see <see cref="PgxShardConnections.PlanBatchAsync"/>):
/// in one transaction when that is one database; otherwise all or nothing by two-phase commit — each database's
/// transaction is prepared (<c>PREPARE TRANSACTION</c>), and only once every one is prepared are they committed
/// (<c>COMMIT PREPARED</c>); a failure before that rolls back every one (<c>ROLLBACK</c>, <c>ROLLBACK PREPARED</c>).
/// Used by generated repositories; not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PgxShardBatch
{
    private readonly PgxShardConnections _shards;
    private readonly PgxRepositoryConnection _coordinator;
    private readonly string _table;
    private readonly IReadOnlyList<Part> _parts;

    internal PgxShardBatch(PgxShardConnections shards, PgxRepositoryConnection coordinator, string table, IReadOnlyList<Part> parts)
    {
        _shards = shards;
        _coordinator = coordinator;
        _table = table;
        _parts = parts;
    }

    /// <summary>
    /// Runs <paramref name="writePartition"/> for each partition with rows, on its database, all or nothing.
    /// </summary>
    /// <param name="writePartition">Writes one partition's rows on an open connection in a transaction; returns the rows affected.</param>
    /// <param name="cancellationToken">Cancels the batch until the commit starts.</param>
    /// <returns>The rows affected, summed.</returns>
    /// <exception cref="PgxShardUnavailableException">A server cannot be reached; nothing was written.</exception>
    /// <exception cref="PgxPreparedTransactionException">
    /// A prepared transaction could not be finished on a database and stays there until resolved.
    /// </exception>
    public async Task<int> RunAsync(Func<NpgsqlConnection, int, CancellationToken, Task<int>> writePartition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writePartition);
        var open = new List<(Part Part, NpgsqlConnection Connection)>();
        var prepared = new List<(Part Part, NpgsqlConnection Connection, string Id)>();
        try
        {
            var affected = 0;
            try
            {
                foreach (var part in _parts)
                {
                    var connection = await OpenAsync(part, cancellationToken).ConfigureAwait(false);
                    open.Add((part, connection));
                    try
                    {
                        await ExecuteAsync(connection, "BEGIN", cancellationToken).ConfigureAwait(false);
                        foreach (var partition in part.Partitions)
                        {
                            affected += await writePartition(connection, partition, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    catch (NpgsqlException e) when (part.Server is { } server && connection.FullState.HasFlag(System.Data.ConnectionState.Broken))
                    {
                        // A pooled connection to a server that has gone away since: name the server, as opening would.
                        throw new PgxShardUnavailableException(server, _table, part.Partition, part.Value, "the connection to it failed: " + e.Message, e);
                    }
                }

                if (open.Count == 1)
                {
                    await ExecuteAsync(open[0].Connection, "COMMIT", cancellationToken).ConfigureAwait(false);
                    return affected;
                }

                // Unique per database even when two of them share one PostgreSQL cluster (the ids are cluster-wide).
                var batchId = "pgx_" + Guid.NewGuid().ToString("N");
                for (var i = 0; i < open.Count; i++)
                {
                    var id = batchId + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await ExecuteAsync(open[i].Connection, "PREPARE TRANSACTION " + Literal(id), cancellationToken).ConfigureAwait(false);
                    prepared.Add((open[i].Part, open[i].Connection, id));
                }
            }
            catch (Exception failure)
            {
                var stuck = new List<(Part Part, string Id)>();
                foreach (var (part, connection) in open.Where(o => !prepared.Exists(p => p.Connection == o.Connection)))
                {
                    await TryExecuteAsync(connection, "ROLLBACK").ConfigureAwait(false);
                }

                foreach (var (part, connection, id) in prepared)
                {
                    if (!await TryExecuteAsync(connection, "ROLLBACK PREPARED " + Literal(id)).ConfigureAwait(false))
                    {
                        stuck.Add((part, id));
                    }
                }

                if (stuck.Count > 0)
                {
                    throw new PgxPreparedTransactionException(_table, stuck.Select(s => (s.Part.Server, s.Id)).ToList(), committed: false, failure);
                }

                throw;
            }

            // Every database has prepared: the batch is decided. Each commit runs even if the caller cancels.
            var uncommitted = new List<(string? Server, string Id)>();
            Exception? firstError = null;
            foreach (var (part, connection, id) in prepared)
            {
                try
                {
                    await ExecuteAsync(connection, "COMMIT PREPARED " + Literal(id), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException)
                {
                    uncommitted.Add((part.Server, id));
                    firstError ??= e;
                }
            }

            if (uncommitted.Count > 0)
            {
                throw new PgxPreparedTransactionException(_table, uncommitted, committed: true, firstError);
            }

            return affected;
        }
        finally
        {
            foreach (var (part, connection) in open)
            {
                await ReleaseAsync(part, connection).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Opens a connection to the part's database: its server's, or the coordinator's for local rows.</summary>
    internal ValueTask<NpgsqlConnection> OpenAsync(Part part, CancellationToken cancellationToken) =>
        part.Server is { } server
            ? _shards.OpenAsync(server, _table, part.Partition, part.Value, cancellationToken)
            : _coordinator.OpenAsync(cancellationToken);

    /// <summary>Gives back a connection of <see cref="OpenAsync"/>.</summary>
    internal ValueTask ReleaseAsync(Part part, NpgsqlConnection connection) =>
        part.Server is null ? _coordinator.ReleaseAsync(connection) : connection.DisposeAsync();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cleanup after a failure, on a connection that may be broken: never cancelled, never throws.</summary>
    private static async Task<bool> TryExecuteAsync(NpgsqlConnection connection, string sql)
    {
        try
        {
            await ExecuteAsync(connection, sql, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    // The id is made here of letters, digits and underscores; quoted all the same.
    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The rows of a batch on one database.</summary>
    internal sealed class Part
    {
        public Part(string? server, string partition, object? value)
        {
            Server = server;
            Partition = partition;
            Value = value;
        }

        /// <summary>The server; <see langword="null"/> for the coordinator's local partitions.</summary>
        public string? Server { get; }

        /// <summary>The first partition with rows there, for errors.</summary>
        public string Partition { get; }

        /// <summary>A partition key of those rows, for errors.</summary>
        public object? Value { get; }

        /// <summary>The partitions whose rows go there.</summary>
        public List<int> Partitions { get; } = new();
    }
}

/// <summary>
/// A batch across servers was prepared (<c>PREPARE TRANSACTION</c>) on some databases, and finishing it failed on one or
/// more of them: the prepared transaction stays there, holding its locks, until someone resolves it. Find it in
/// <c>pg_prepared_xacts</c> (column <c>gid</c>) on the named server and run <c>COMMIT PREPARED 'gid'</c> when
/// <see cref="Committed"/> is true (the other databases committed), or <c>ROLLBACK PREPARED 'gid'</c> when it is false.
/// </summary>
public sealed class PgxPreparedTransactionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="table">The partitioned table.</param>
    /// <param name="left">Each server (<see langword="null"/>: the coordinator) and the id of the transaction left prepared there.</param>
    /// <param name="committed">Whether the batch was decided to commit (every database had prepared).</param>
    /// <param name="inner">The error.</param>
    public PgxPreparedTransactionException(string table, IReadOnlyList<(string? Server, string Id)> left, bool committed, Exception? inner)
        : base(Describe(table, left, committed), inner)
    {
        ArgumentNullException.ThrowIfNull(left);
        Table = table;
        Committed = committed;
        Left = left;
    }

    /// <summary>The partitioned table.</summary>
    public string Table { get; }

    /// <summary>Whether the batch was decided to commit: resolve with <c>COMMIT PREPARED</c> if so, else <c>ROLLBACK PREPARED</c>.</summary>
    public bool Committed { get; }

    /// <summary>Each server (<see langword="null"/>: the coordinator) and the transaction id (<c>gid</c>) left prepared there.</summary>
    public IReadOnlyList<(string? Server, string Id)> Left { get; }

    private static string Describe(string table, IReadOnlyList<(string? Server, string Id)> left, bool committed)
    {
        var where = string.Join(", ", left.Select(l => "'" + l.Id + "' on " + (l.Server is null ? "the coordinator" : "the server " + l.Server)));
        return committed
            ? $"A batch into {table} committed on every other database, but COMMIT PREPARED failed for {where}: those rows are not visible until "
                + "someone runs COMMIT PREPARED with that id there (see pg_prepared_xacts)."
            : $"A batch into {table} failed and was rolled back, but ROLLBACK PREPARED failed for {where}: nothing of the batch is visible, "
                + "but the prepared transaction holds its locks until someone runs ROLLBACK PREPARED with that id there (see pg_prepared_xacts).";
    }
}
