using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx;

/// <summary>
/// Proves, inside the apply's transaction and before it commits, that every declared server can be reached
/// through the definition just written: a server whose foreign tables are all typed records is never connected
/// to by the refresh itself, so without this a wrong port or password would commit and break every query on it.
/// </summary>
/// <remarks>
/// Like the drift check, it reads the remote through the local server and the current user's mapping: a probe
/// foreign table on the remote <c>pg_catalog.pg_namespace</c>, in a scratch schema, read once and rolled back to
/// a savepoint. <c>ForeignSql</c> runs the same probe for psql.
/// </remarks>
internal static class ForeignLinkCheck
{
    private const string Savepoint = "pgx_foreign_link";

    private const string DefinitionQuery = """
        SELECT o.option_name, o.option_value
        FROM pg_catalog.pg_foreign_server s, pg_catalog.pg_options_to_table(s.srvoptions) o
        WHERE s.srvname = $1 AND o.option_name IN ('host', 'port', 'dbname')
        UNION ALL
        SELECT o.option_name, o.option_value
        FROM pg_catalog.pg_user_mappings m, pg_catalog.pg_options_to_table(m.umoptions) o
        WHERE m.srvname = $1 AND m.usename = CURRENT_USER AND o.option_name = 'user'
        """;

    /// <summary>Checks each server in turn; throws for the first that cannot be reached.</summary>
    /// <exception cref="PgxForeignLinkException">A server cannot be reached; the transaction is left failed, to be rolled back.</exception>
    public static async Task CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ForeignServerDefinition> servers, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        foreach (var server in servers)
        {
            var definition = await DefinitionAsync(connection, transaction, server.Name, options, cancellationToken).ConfigureAwait(false);
            await transaction.SaveAsync(Savepoint, cancellationToken).ConfigureAwait(false);
            try
            {
                await PgxSchemaApplier.ExecuteAsync(
                    connection,
                    transaction,
                    "CREATE SCHEMA pgx_foreign_link; " +
                    "CREATE FOREIGN TABLE pgx_foreign_link.probe () SERVER " + SqlIdentifier.Quote(server.Name) + " OPTIONS (schema_name 'pg_catalog', table_name 'pg_namespace'); " +
                    "SELECT FROM pgx_foreign_link.probe LIMIT 1",
                    options,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                definition.TryGetValue("host", out var host);
                definition.TryGetValue("port", out var port);
                definition.TryGetValue("dbname", out var dbName);
                definition.TryGetValue("user", out var user);
                throw new PgxForeignLinkException(server.Name, host, port, dbName, user, ex.SqlState, ex.MessageText + (ex.Detail is null ? "." : " (" + ex.Detail.TrimEnd() + ")."), ex);
            }

            await transaction.RollbackAsync(Savepoint, cancellationToken).ConfigureAwait(false);
            await transaction.ReleaseAsync(Savepoint, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The server's host, port and dbname options and the mapping's user, as they are now in the transaction.</summary>
    private static async Task<Dictionary<string, string>> DefinitionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string server, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(DefinitionQuery, connection, transaction) { CommandTimeout = options.CommandTimeoutSeconds };
        command.Parameters.Add(new NpgsqlParameter { Value = server });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var definition = new Dictionary<string, string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            definition[reader.GetString(0)] = reader.GetString(1);
        }

        return definition;
    }
}
