using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx;

/// <summary>
/// Applies generated schema scripts. Called by the generated <c>Pgx.Generated.PgxSchema.ApplyAsync</c>;
/// not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PgxSchemaApplier
{
    /// <summary>
    /// The advisory lock every Pgx apply holds for its transaction, so two processes applying at once
    /// run one after the other instead of colliding on catalog rows. ("PgxApply" in ASCII.)
    /// </summary>
    public const long AdvisoryLockKey = 0x5067_7841_7070_6C79;

    /// <summary>
    /// Runs <paramref name="sql"/> in one transaction under <see cref="AdvisoryLockKey"/>. The scripts are
    /// idempotent, so applying again changes nothing; a failure rolls everything back.
    /// </summary>
    /// <param name="dataSource">The database to apply to.</param>
    /// <param name="sql">The table DDL (<c>PgxSchema.Sql</c>).</param>
    /// <param name="options">Run-time settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the apply; nothing is committed.</param>
    /// <returns>A task that completes when the transaction has committed.</returns>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, string sql, PgxApplyOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(sql);
        options ??= new PgxApplyOptions();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // NOTICEs such as "relation already exists, skipping" are the expected result of a re-apply.
        await ExecuteAsync(connection, transaction, "SET LOCAL client_min_messages = warning", options, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", options, cancellationToken).ConfigureAwait(false);
        if (sql.Length > 0)
        {
            await ExecuteAsync(connection, transaction, sql, options, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = options.CommandTimeoutSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
