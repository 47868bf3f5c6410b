using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx;

/// <summary>Batches direct to the servers: which servers a batch needs, and whether it can be all or nothing there.</summary>
public sealed partial class PgxShardConnections
{
    // The coordinator's answer sits beside the servers' under a name no server can have.
    private const string CoordinatorKey = "";
    private readonly ConcurrentDictionary<string, bool> _canPrepare = new(StringComparer.Ordinal);

    /// <summary>
    /// How a batch runs directly on the servers that hold its rows, or <see langword="null"/> when it goes through the
    /// coordinator as before: when every row is local, or when it spans several databases (servers, and the coordinator
    /// for local rows) and one of them cannot prepare a transaction (<c>max_prepared_transactions = 0</c>), so two-phase
    /// commit cannot make it all or nothing. Each database is asked once; the answer is kept. Called by generated
    /// repositories; not meant to be called directly.
    /// </summary>
    /// <param name="coordinator">The repository's coordinator connection.</param>
    /// <param name="table">The partitioned table, for errors.</param>
    /// <param name="shardOf">The server of each partition; <see langword="null"/> for a local one.</param>
    /// <param name="partitionNames">Each partition's qualified name, for errors.</param>
    /// <param name="rowsByPartition">The rows (indexes) of each partition.</param>
    /// <param name="partitionKeyOf">A row's partition key, for errors.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>The batch, or <see langword="null"/>.</returns>
    /// <exception cref="PgxShardUnavailableException">A server the batch needs cannot be reached; nothing was written.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async ValueTask<PgxShardBatch?> PlanBatchAsync(
        PgxRepositoryConnection coordinator,
        string table,
        IReadOnlyList<string?> shardOf,
        IReadOnlyList<string> partitionNames,
        int[][] rowsByPartition,
        Func<int, object?> partitionKeyOf,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(shardOf);
        ArgumentNullException.ThrowIfNull(partitionNames);
        ArgumentNullException.ThrowIfNull(rowsByPartition);
        ArgumentNullException.ThrowIfNull(partitionKeyOf);
        if (ThroughCoordinator)
        {
            return null;
        }

        var parts = new List<PgxShardBatch.Part>();
        for (var partition = 0; partition < rowsByPartition.Length; partition++)
        {
            if (rowsByPartition[partition].Length == 0)
            {
                continue;
            }

            var server = shardOf[partition];
            var part = parts.Find(p => p.Server == server);
            if (part is null)
            {
                part = new PgxShardBatch.Part(server, partitionNames[partition], partitionKeyOf(rowsByPartition[partition][0]));
                parts.Add(part);
            }

            part.Partitions.Add(partition);
        }

        if (parts.TrueForAll(p => p.Server is null))
        {
            return null;
        }

        var batch = new PgxShardBatch(this, coordinator, table, parts);
        if (parts.Count > 1)
        {
            foreach (var part in parts)
            {
                if (!await CanPrepareAsync(batch, part, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }
        }

        return batch;
    }

    private async ValueTask<bool> CanPrepareAsync(PgxShardBatch batch, PgxShardBatch.Part part, CancellationToken cancellationToken)
    {
        var key = part.Server ?? CoordinatorKey;
        if (_canPrepare.TryGetValue(key, out var known))
        {
            return known;
        }

        var connection = await batch.OpenAsync(part, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT current_setting('max_prepared_transactions')::integer > 0", connection);
            var can = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return _canPrepare.GetOrAdd(key, can);
        }
        finally
        {
            await batch.ReleaseAsync(part, connection).ConfigureAwait(false);
        }
    }
}
