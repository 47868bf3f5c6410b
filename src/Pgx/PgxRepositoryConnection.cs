using System;
using System.ComponentModel;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx;

/// <summary>
/// Where a generated repository runs its statements: a connection leased from an <see cref="NpgsqlDataSource"/>
/// for each call (so one repository can serve many callers at once), or one connection the caller owns,
/// optionally inside the caller's transaction. Used by generated repositories; not meant to be called directly.
/// </summary>
/// <remarks>
/// <para>
/// Statements are prepared explicitly. Npgsql keeps prepared statements per physical connection across pool
/// rentals, so a statement costs one extra Parse round trip the first time it runs on a physical connection
/// and none after that. They run unprepared (or auto-prepared, when the connection string sets
/// <c>Max Auto Prepare</c>) with multiplexing, where Npgsql does not support explicit preparation, and behind a
/// connection pooler or wherever <see cref="PgxPreparedStatements"/> says so.
/// </para>
/// <para>
/// A prepared statement goes stale when a column it reads changes type (PostgreSQL refuses it with 0A000, "cached
/// plan must not change result type"; Npgsql then forgets that one statement, but the call fails) or when the
/// session loses it (26000, after <c>DISCARD ALL</c> or <c>DEALLOCATE ALL</c>; Npgsql never notices, and the
/// statement fails on that physical connection for good). Both are refused at Bind, before anything runs. Pgx then
/// unprepares the statement and, outside a transaction, runs it once more; in a transaction, which the refusal has
/// aborted, it throws <see cref="PgxStaleStatementException"/>.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PgxRepositoryConnection
{
    private readonly NpgsqlDataSource? _dataSource;
    private readonly NpgsqlConnection? _connection;
    private readonly StatementPreparation? _dataSourcePreparation;
    private bool _openedByUs;

    /// <summary>Runs every call on its own connection from <paramref name="dataSource"/>.</summary>
    /// <param name="dataSource">The database.</param>
    public PgxRepositoryConnection(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _dataSourcePreparation = StatementPreparation.For(dataSource.ConnectionString);
    }

    /// <summary>
    /// Runs every call on <paramref name="connection"/> (opened for the call and closed again if it is closed),
    /// inside <paramref name="transaction"/> when one is given.
    /// </summary>
    /// <param name="connection">The caller's connection.</param>
    /// <param name="transaction">The caller's transaction on <paramref name="connection"/>, or <see langword="null"/>.</param>
    public PgxRepositoryConnection(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (transaction is not null && !ReferenceEquals(transaction.Connection, connection))
        {
            throw new ArgumentException("The transaction belongs to another connection, or has already completed.", nameof(transaction));
        }

        _connection = connection;
        Transaction = transaction;
    }

    /// <summary>The caller's transaction, or <see langword="null"/>.</summary>
    public NpgsqlTransaction? Transaction { get; }

    /// <summary>An open connection for one call; hand it back with <see cref="ReleaseAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open connection.</returns>
    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_dataSource is not null)
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = _connection!;
        if (connection.State == ConnectionState.Closed)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            _openedByUs = true;
        }

        return connection;
    }

    /// <summary>Returns a leased connection to the pool, or closes the caller's connection if this call opened it.</summary>
    /// <param name="connection">The connection <see cref="OpenAsync"/> returned.</param>
    /// <returns>A task that completes when the connection is released.</returns>
    public ValueTask ReleaseAsync(NpgsqlConnection connection)
    {
        if (_dataSource is not null)
        {
            return connection.DisposeAsync();
        }

        if (_openedByUs)
        {
            _openedByUs = false;
            return new ValueTask(connection.CloseAsync());
        }

        return default;
    }

    /// <summary>A command on <paramref name="connection"/> in the caller's transaction, if any.</summary>
    /// <param name="connection">The connection <see cref="OpenAsync"/> returned.</param>
    /// <param name="sql">The statement.</param>
    /// <returns>The command; the caller disposes it.</returns>
    public NpgsqlCommand CreateCommand(NpgsqlConnection connection, string sql) => new(sql, connection, Transaction);

    /// <summary>
    /// Prepares and runs <paramref name="command"/>, and reads its first row with <paramref name="read"/>; a stale
    /// prepared statement runs once more outside a transaction, and throws <see cref="PgxStaleStatementException"/> in one.
    /// </summary>
    /// <typeparam name="TResult">What a row becomes.</typeparam>
    /// <param name="command">A command whose parameters all have explicit types.</param>
    /// <param name="read">Reads the current row (typed getters only).</param>
    /// <param name="none">The result when there is no row.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The first row, or <paramref name="none"/>.</returns>
    public async Task<TResult> QuerySingleAsync<TResult>(NpgsqlCommand command, Func<NpgsqlDataReader, TResult> read, TResult none, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(read);
        return await RunPreparedAsync(
            command,
            async (run, token) =>
            {
                var reader = await run.ExecuteReaderAsync(token).ConfigureAwait(false);
                try
                {
                    return await reader.ReadAsync(token).ConfigureAwait(false) ? read(reader) : none;
                }
                finally
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                }
            },
            inTransaction: Transaction is not null,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="command"/> without preparing it and reads every row with <paramref name="read"/>. For
    /// statements built from a caller's condition: there can be any number of them, so they are not kept prepared
    /// on the connection (Npgsql's automatic preparation applies when the connection string enables it).
    /// </summary>
    /// <typeparam name="TResult">What a row becomes.</typeparam>
    /// <param name="command">The command.</param>
    /// <param name="read">Reads the current row (typed getters only).</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The rows, in the order the server returned them.</returns>
    public async Task<IReadOnlyList<TResult>> QueryAsync<TResult>(NpgsqlCommand command, Func<NpgsqlDataReader, TResult> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(read);
        var rows = new List<TResult>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(read(reader));
            }
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }

        return rows;
    }

    /// <summary>
    /// Turns an interpolated condition into SQL with positional parameters: every hole becomes <c>$n</c> and its
    /// value a parameter, so no value is ever pasted into the SQL text. <c>{{</c> and <c>}}</c> are literal braces;
    /// alignment and format specifiers in holes are ignored (the value is sent as it is).
    /// </summary>
    /// <param name="condition">E.g. <c>$"company_id = {companyId} AND email LIKE {pattern}"</c>.</param>
    /// <param name="firstParameter">The number of the first parameter (1 unless the statement has others before).</param>
    /// <returns>The SQL text and its parameters, in order.</returns>
    public static (string Sql, NpgsqlParameter[] Parameters) Condition(FormattableString condition, int firstParameter = 1)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var format = condition.Format;
        var arguments = condition.GetArguments();
        var sql = new StringBuilder(format.Length + 8);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                sql.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var end = format.IndexOf('}', i);
                var hole = format.Substring(i + 1, end - i - 1);
                var index = int.Parse(hole.Split(',', ':')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
                sql.Append('$').Append((firstParameter + index).ToString(CultureInfo.InvariantCulture));
                i = end;
            }
            else
            {
                sql.Append(c);
            }
        }

        var parameters = new NpgsqlParameter[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            parameters[i] = new NpgsqlParameter { Value = arguments[i] ?? DBNull.Value };
        }

        return (sql.ToString(), parameters);
    }

    /// <summary>
    /// Prepares and runs <paramref name="command"/>; a stale prepared statement runs once more outside a transaction,
    /// and throws <see cref="PgxStaleStatementException"/> in one.
    /// </summary>
    /// <param name="command">A command whose parameters all have explicit types.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The number of rows affected.</returns>
    public async Task<int> ExecuteAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await RunPreparedAsync(command, static (run, token) => run.ExecuteNonQueryAsync(token), inTransaction: Transaction is not null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How many rows of one <c>InsertManyAsync</c> batch a child table must receive to get them by binary COPY.
    /// Smaller shares go in as <c>INSERT … SELECT * FROM unnest(…)</c> with one array parameter per column, all
    /// children's statements in one round trip: each COPY costs two round trips and its own setup, which for a
    /// few hundred rows weighs more than the rows (see benchmarks/RESULTS.md).
    /// </summary>
    public const int MinRowsForCopy = 3000;

    /// <summary>
    /// Whether row-level security applies to the current user on <paramref name="table"/>
    /// (<c>row_security_active</c>): PostgreSQL then refuses <c>COPY … FROM</c> into it (SQLSTATE 0A000), so a batch
    /// goes in by <c>INSERT</c> instead. One round trip.
    /// </summary>
    /// <param name="connection">The connection <see cref="OpenAsync"/> returned.</param>
    /// <param name="table">The table, schema-qualified and quoted as in SQL.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>Whether the table's policies apply to the current user.</returns>
    public async Task<bool> RowSecurityAppliesAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        using var command = CreateCommand(connection, "SELECT pg_catalog.row_security_active($1)");
        command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, TypedValue = table });
        return await QuerySingleAsync(command, static reader => reader.GetBoolean(0), false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How many rows a child table must receive in this batch to get them by COPY: <see cref="MinRowsForCopy"/>, or
    /// <see cref="int.MaxValue"/> (no COPY) when row-level security applies to the current user on
    /// <paramref name="table"/>, asked only when some child would get a COPY.
    /// </summary>
    /// <param name="connection">The connection <see cref="OpenAsync"/> returned.</param>
    /// <param name="table">The parent table, schema-qualified and quoted as in SQL; its partitions follow its row-level security.</param>
    /// <param name="rowsByPartition">The batch's row indexes per child (<see cref="RowsByPartition"/>).</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The threshold for this batch.</returns>
    public async ValueTask<int> MinRowsForCopyAsync(NpgsqlConnection connection, string table, int[][] rowsByPartition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rowsByPartition);
        foreach (var rows in rowsByPartition)
        {
            if (rows.Length >= MinRowsForCopy)
            {
                return await RowSecurityAppliesAsync(connection, table, cancellationToken).ConfigureAwait(false) ? int.MaxValue : MinRowsForCopy;
            }
        }

        return MinRowsForCopy;
    }

    /// <summary>
    /// Starts a binary COPY into a rolling child of a trigger-routed table: a child that does not exist (not made by
    /// maintenance yet, or retired) is a <see cref="PgxPartitionException"/> naming it, as for the statements, and
    /// not PostgreSQL's 42P01. Nothing has been sent yet when it throws.
    /// </summary>
    /// <param name="connection">The connection <see cref="OpenAsync"/> returned.</param>
    /// <param name="copySql">The <c>COPY … FROM STDIN (FORMAT BINARY)</c> statement.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The importer; the caller completes and disposes it.</returns>
    public static async Task<NpgsqlBinaryImporter> BeginBinaryImportAsync(NpgsqlConnection connection, string copySql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            return await connection.BeginBinaryImportAsync(copySql, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (PgxRollingRoutes.Missing(error) is { } missing)
        {
            throw missing;
        }
    }

    /// <summary>A batch on <paramref name="connection"/> in the caller's transaction, if any.</summary>
    /// <param name="connection">The connection <see cref="OpenAsync"/> returned.</param>
    /// <returns>The batch; the caller disposes it.</returns>
    public NpgsqlBatch CreateBatch(NpgsqlConnection connection) => new(connection, Transaction);

    /// <summary>
    /// Prepares and runs every statement of <paramref name="batch"/> in one round trip, in a transaction (the
    /// caller's, or the batch's own from <see cref="BeginBatchAsync"/>): a stale prepared statement throws
    /// <see cref="PgxStaleStatementException"/>.
    /// </summary>
    /// <param name="batch">A batch whose parameters all have explicit types.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <returns>The number of rows affected, over all statements.</returns>
    public async Task<int> ExecuteAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var connection = batch.Connection!;
        var prepared = false;
        try
        {
            prepared = await PrepareAsync(connection, batch.PrepareAsync, cancellationToken).ConfigureAwait(false);
            return await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (PgxRollingRoutes.Missing(error) is { } missing)
        {
            throw missing;
        }
        catch (PostgresException error) when (prepared && IsStale(error))
        {
            if (error.SqlState == PostgresErrorCodes.InvalidSqlStatementName)
            {
                foreach (NpgsqlBatchCommand statement in batch.BatchCommands)
                {
                    await UnprepareAsync(connection, statement, cancellationToken).ConfigureAwait(false);
                }
            }

            var statements = error.BatchCommand?.CommandText ?? string.Join("; ", batch.BatchCommands.Select((NpgsqlBatchCommand c) => c.CommandText));
            throw PgxStaleStatementException.Create(statements, error, callersTransaction: Transaction is not null);
        }
    }

    /// <summary>
    /// Runs every statement of <paramref name="batch"/> in one round trip without preparing them: for statements on a
    /// temporary table that exists only for this call. A missing rolling child is a <see cref="PgxPartitionException"/>
    /// naming it, as for the prepared statements.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    /// <returns>The number of rows affected, over all statements.</returns>
    public async Task<int> ExecuteUnpreparedAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            return await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (PgxRollingRoutes.Missing(error) is { } missing)
        {
            throw missing;
        }
    }

    /// <summary>
    /// A transaction for a batch: a new one on <paramref name="connection"/>, or <see langword="null"/> when the
    /// batch runs in the caller's transaction (which only the caller commits).
    /// </summary>
    /// <param name="connection">The connection <see cref="OpenAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The transaction to commit, or <see langword="null"/>.</returns>
    public async ValueTask<NpgsqlTransaction?> BeginBatchAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Transaction is not null ? null : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="count"/> values of a sequence in one round trip, as one <c>bigint[]</c> value of one row, from a
    /// statement such as <c>SELECT array_agg(nextval('s'::regclass)) FROM (SELECT generate_series(1, $1)) AS n</c>.
    /// One array instead of one row per key: the server sends one DataRow and the client reads one binary value,
    /// which took about a seventh off the key round trip of a 50,000-row batch (benchmarks/RESULTS.md). Each value
    /// comes from its own <c>nextval()</c>, so the keys stay unique however many writers use the sequence at once.
    /// </summary>
    /// <param name="connection">The connection <see cref="OpenAsync"/> returned.</param>
    /// <param name="sql">The statement; its one parameter is the count, its one row one <c>bigint[]</c>.</param>
    /// <param name="count">How many values.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The values, in the order the server produced them.</returns>
    public async Task<long[]> NextValuesAsync(NpgsqlConnection connection, string sql, int count, CancellationToken cancellationToken)
    {
        using var command = CreateCommand(connection, sql);
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer, TypedValue = count });
        return await RunPreparedAsync(
            command,
            async (run, token) =>
            {
                var reader = await run.ExecuteReaderAsync(token).ConfigureAwait(false);
                try
                {
                    var values = await reader.ReadAsync(token).ConfigureAwait(false) && !reader.IsDBNull(0) ? reader.GetFieldValue<long[]>(0) : Array.Empty<long>();
                    return values.Length == count ? values : throw new InvalidOperationException($"Expected {count} sequence values, got {values.Length}.");
                }
                finally
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                }
            },
            inTransaction: true, // a batch's first statement: in the caller's transaction or the batch's own
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The row indexes of each partition, in input order: <c>result[p]</c> lists the rows that go to partition
    /// <c>p</c>, so each partition gets one statement or one COPY.
    /// </summary>
    /// <param name="partitions">The partition of each row, each in [0, <paramref name="partitionCount"/>).</param>
    /// <param name="partitionCount">How many partitions there are.</param>
    /// <returns>Row indexes per partition.</returns>
    public static int[][] RowsByPartition(int[] partitions, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var counts = new int[partitionCount];
        foreach (var partition in partitions)
        {
            counts[partition]++;
        }

        var result = new int[partitionCount][];
        for (var p = 0; p < partitionCount; p++)
        {
            result[p] = counts[p] == 0 ? Array.Empty<int>() : new int[counts[p]];
            counts[p] = 0;
        }

        for (var row = 0; row < partitions.Length; row++)
        {
            var partition = partitions[row];
            result[partition][counts[partition]++] = row;
        }

        return result;
    }

    /// <summary>
    /// Prepares <paramref name="command"/> (unless <see cref="PrepareAsync"/> says not to) and runs it with
    /// <paramref name="run"/>. If PostgreSQL refuses the prepared statement as stale, it is unprepared and, outside a
    /// transaction, runs once more, prepared afresh: both refusals come at Bind, before the statement runs, so running
    /// it again cannot run it twice. In a transaction, which the refusal aborted, it throws.
    /// </summary>
    private async Task<TResult> RunPreparedAsync<TResult>(NpgsqlCommand command, Func<NpgsqlCommand, CancellationToken, Task<TResult>> run, bool inTransaction, CancellationToken cancellationToken)
    {
        try
        {
            return await RunPreparedCoreAsync(command, run, inTransaction, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (PgxRollingRoutes.Missing(error) is { } missing)
        {
            // A rolling set's child that maintenance has not made (yet): say so, and how to make it.
            throw missing;
        }
    }

    private async Task<TResult> RunPreparedCoreAsync<TResult>(NpgsqlCommand command, Func<NpgsqlCommand, CancellationToken, Task<TResult>> run, bool inTransaction, CancellationToken cancellationToken)
    {
        var connection = command.Connection!;
        var prepared = await PrepareAsync(connection, command.PrepareAsync, cancellationToken).ConfigureAwait(false);
        try
        {
            return await run(command, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (prepared && IsStale(error))
        {
            if (error.SqlState == PostgresErrorCodes.InvalidSqlStatementName)
            {
                // Npgsql still lists the statement as prepared (after 0A000 it has forgotten it by itself).
                await command.UnprepareAsync(cancellationToken).ConfigureAwait(false);
            }

            if (inTransaction)
            {
                throw PgxStaleStatementException.Create(command.CommandText, error, callersTransaction: Transaction is not null);
            }

            try
            {
                await PrepareAsync(connection, command.PrepareAsync, cancellationToken).ConfigureAwait(false);
                return await run(command, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException again) when (again.SqlState == PostgresErrorCodes.InFailedSqlTransaction)
            {
                // The connection is in a transaction the repository was not given.
                throw PgxStaleStatementException.Create(command.CommandText, error, callersTransaction: true);
            }
        }
    }

    /// <summary>
    /// Unprepares one statement of a batch: Npgsql has no <c>Unprepare</c> for batches, so a command with the same
    /// text and parameter types finds the statement Npgsql lists as prepared (no round trip) and closes it.
    /// PostgreSQL accepts the Close even in the aborted transaction, and a Close of a missing statement is no error.
    /// </summary>
    private static async Task UnprepareAsync(NpgsqlConnection connection, NpgsqlBatchCommand statement, CancellationToken cancellationToken)
    {
        var twin = new NpgsqlCommand(statement.CommandText, connection);
        await using (twin.ConfigureAwait(false))
        {
            foreach (NpgsqlParameter parameter in statement.Parameters)
            {
                twin.Parameters.Add(parameter.Clone());
            }

            await twin.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await twin.UnprepareAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a command's or a batch's <c>PrepareAsync</c>, unless statements are not prepared on this connection.</summary>
    /// <returns>Whether the statements were prepared.</returns>
    private async ValueTask<bool> PrepareAsync(NpgsqlConnection connection, Func<CancellationToken, Task> prepare, CancellationToken cancellationToken)
    {
        var preparation = _dataSourcePreparation ?? StatementPreparation.For(connection.ConnectionString);
        if (!await preparation.ShouldPrepareAsync(connection, Transaction, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // A no-op without I/O when this physical connection has already prepared the statements.
        await prepare(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Whether PostgreSQL refused a prepared statement at Bind, before running it, because it went stale: a result
    /// column changed type (0A000 from plan revalidation) or the statement is gone (26000).
    /// </summary>
    private static bool IsStale(PostgresException error) =>
        (error.SqlState == PostgresErrorCodes.FeatureNotSupported && error.Routine == "RevalidateCachedQuery")
        || (error.SqlState == PostgresErrorCodes.InvalidSqlStatementName && error.Routine == "FetchPreparedStatement");
}
