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
public static partial class PgxSchemaApplier
{
    /// <summary>
    /// The advisory lock every Pgx apply holds for its transaction, so two processes applying at once
    /// run one after the other instead of colliding on catalog rows. ("PgxApply" in ASCII.)
    /// </summary>
    public const long AdvisoryLockKey = Schema.RollingProcedure.AdvisoryLockKey;

    /// <summary>
    /// Runs <paramref name="sql"/> in one transaction under <see cref="AdvisoryLockKey"/>. The scripts are
    /// idempotent, so applying again changes nothing; a failure rolls everything back.
    /// </summary>
    /// <param name="dataSource">The database to apply to.</param>
    /// <param name="sql">The table DDL (<c>PgxSchema.Sql</c>).</param>
    /// <param name="options">Run-time settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the apply; nothing is committed.</param>
    /// <returns>A task that completes when the transaction has committed.</returns>
    public static Task ApplyAsync(NpgsqlDataSource dataSource, string sql, PgxApplyOptions? options, CancellationToken cancellationToken) =>
        ApplyAsync(dataSource, sql, null, options, cancellationToken);

    /// <summary>
    /// Runs the table DDL and then the foreign objects' refresh in one transaction under
    /// <see cref="AdvisoryLockKey"/>. Foreign-server credentials are checked before anything runs.
    /// </summary>
    /// <param name="dataSource">The database to apply to.</param>
    /// <param name="sql">The table DDL (<c>PgxSchema.Sql</c>).</param>
    /// <param name="foreign">The foreign objects, or <see langword="null"/> when the assembly declares none.</param>
    /// <param name="options">Run-time settings (foreign-server credentials), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the apply; nothing is committed.</param>
    /// <returns>A task that completes when the transaction has committed.</returns>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, string sql, ForeignSchemaDefinition? foreign, PgxApplyOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(sql);
        options ??= new PgxApplyOptions();
        var settings = foreign is null ? default : ForeignServerSettings.Resolve(foreign, options);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ApplyCoreAsync(connection, transaction, sql, foreign, settings, options, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the table DDL and the foreign objects' refresh inside the caller's transaction (e.g. next to
    /// the application's own migrations), under <see cref="AdvisoryLockKey"/>. Nothing is committed here.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The caller's transaction on <paramref name="connection"/>.</param>
    /// <param name="sql">The table DDL (<c>PgxSchema.Sql</c>).</param>
    /// <param name="foreign">The foreign objects, or <see langword="null"/>.</param>
    /// <param name="options">Run-time settings (foreign-server credentials), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <returns>A task that completes when every statement has run.</returns>
    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, ForeignSchemaDefinition? foreign, PgxApplyOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(sql);
        options ??= new PgxApplyOptions();
        var settings = foreign is null ? default : ForeignServerSettings.Resolve(foreign, options);

        // The caller's transaction goes on after us: leave client_min_messages as we found it.
        var messages = await ScalarAsync(connection, transaction, "SELECT pg_catalog.current_setting('client_min_messages')", options, cancellationToken).ConfigureAwait(false);
        await ApplyCoreAsync(connection, transaction, sql, foreign, settings, options, cancellationToken).ConfigureAwait(false);
        await using var restore = new NpgsqlCommand("SELECT pg_catalog.set_config('client_min_messages', $1, true)", connection, transaction);
        restore.Parameters.Add(new NpgsqlParameter { Value = messages });
        await restore.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ApplyCoreAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string sql,
        ForeignSchemaDefinition? foreign,
        (string[] Names, string[] Values) settings,
        PgxApplyOptions options,
        CancellationToken cancellationToken)
    {
        // NOTICEs such as "relation already exists, skipping" are the expected result of a re-apply.
        await ExecuteAsync(connection, transaction, "SET LOCAL client_min_messages = warning", options, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", options, cancellationToken).ConfigureAwait(false);
        if (sql.Length > 0)
        {
            await ExecuteAsync(connection, transaction, sql, options, cancellationToken).ConfigureAwait(false);
        }

        if (foreign is null || foreign.Statements.Length == 0)
        {
            return;
        }

        // Connection settings and credentials become transaction-local settings that the statements read with
        // current_setting(); they are blanked again right after. Before any foreign table is touched, every
        // server's link is proved through its new definition, so a wrong port or password never commits.
        await ForeignServerSettings.SetAsync(connection, transaction, settings, options, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, foreign.ServerStatements, options, cancellationToken).ConfigureAwait(false);
        await ForeignLinkCheck.CheckAsync(connection, transaction, foreign.Servers, options, cancellationToken).ConfigureAwait(false);
        if (foreign.TableStatements.Length > 0)
        {
            await ExecuteAsync(connection, transaction, foreign.TableStatements, options, cancellationToken).ConfigureAwait(false);
        }

        await ForeignServerSettings.ClearAsync(connection, transaction, settings.Names, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = options.CommandTimeoutSeconds };
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Runs <paramref name="sql"/> (one statement or several) in the transaction, or outside one when it is null.</summary>
    internal static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, PgxApplyOptions options, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = options.CommandTimeoutSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
