using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Pgx;

/// <summary>Whether a text partition key's hash can be computed in C#: it depends on the coordinator's encoding.</summary>
public sealed partial class PgxShardConnections
{
    // 0: not asked yet; 1: UTF8; 2: another encoding. The answer never changes for a database.
    private int _hashesText;

    /// <summary>
    /// Whether <see cref="PgxPartitionHash"/> hashes a <c>text</c> or <c>varchar</c> partition key as the coordinator
    /// does: PostgreSQL hashes the bytes in the database's encoding, <see cref="PgxPartitionHash"/> the UTF-8 bytes, so
    /// only a UTF8 coordinator agrees for every value. When it is false, a generated repository sends the row through
    /// the coordinator's partitioned table and PostgreSQL picks its partition. The coordinator is asked once (its
    /// <c>server_encoding</c>, which PostgreSQL reports when a connection opens); the answer is kept. Called by
    /// generated repositories; not meant to be called directly.
    /// </summary>
    /// <param name="coordinator">The repository's coordinator connection.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether the coordinator's encoding is UTF8.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async ValueTask<bool> HashesTextAsync(PgxRepositoryConnection coordinator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        if (Volatile.Read(ref _hashesText) is var known and not 0)
        {
            return known == 1;
        }

        var connection = await coordinator.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!connection.PostgresParameters.TryGetValue("server_encoding", out var encoding))
            {
                await using var command = coordinator.CreateCommand(connection, "SELECT current_setting('server_encoding')");
                encoding = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            var utf8 = string.Equals(encoding, "UTF8", StringComparison.OrdinalIgnoreCase);
            Volatile.Write(ref _hashesText, utf8 ? 1 : 2);
            return utf8;
        }
        finally
        {
            await coordinator.ReleaseAsync(connection).ConfigureAwait(false);
        }
    }
}
