using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Data;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx;

/// <summary>
/// Where a generated foreign-table repository runs its statements — a connection from a data source per call,
/// or the caller's connection and transaction — and how its query conditions become parameters. Used by
/// generated code; not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PgxForeignTableAccess
{
    private readonly NpgsqlDataSource? _dataSource;
    private readonly NpgsqlConnection? _connection;
    private readonly NpgsqlTransaction? _transaction;

    /// <summary>Runs every call on its own connection from <paramref name="dataSource"/>.</summary>
    /// <param name="dataSource">The local database that holds the foreign tables.</param>
    public PgxForeignTableAccess(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <summary>Runs every call on <paramref name="connection"/> (opened for the call if closed), in <paramref name="transaction"/> if given.</summary>
    /// <param name="connection">The caller's connection.</param>
    /// <param name="transaction">The caller's transaction, or <see langword="null"/>.</param>
    public PgxForeignTableAccess(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _transaction = transaction;
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

    /// <summary>Runs <paramref name="sql"/> and reads every row with <paramref name="read"/>.</summary>
    /// <typeparam name="T">What a row becomes.</typeparam>
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">Its parameters, positional.</param>
    /// <param name="read">Reads the current row.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The rows.</returns>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, IReadOnlyList<NpgsqlParameter> parameters, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var (connection, release) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Command(connection, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        finally
        {
            await release().ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="sql"/> and returns the number of rows it affected.</summary>
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">Its parameters, positional.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>The number of rows affected.</returns>
    public async Task<int> ExecuteAsync(string sql, IReadOnlyList<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        var (connection, release) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Command(connection, sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await release().ConfigureAwait(false);
        }
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, IReadOnlyList<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlCommand(sql, connection, _transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private async ValueTask<(NpgsqlConnection Connection, Func<ValueTask> Release)> OpenAsync(CancellationToken cancellationToken)
    {
        if (_dataSource is not null)
        {
            var leased = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return (leased, leased.DisposeAsync);
        }

        var connection = _connection!;
        if (connection.State != ConnectionState.Closed)
        {
            return (connection, () => default);
        }

        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (connection, () => new ValueTask(connection.CloseAsync()));
    }
}
