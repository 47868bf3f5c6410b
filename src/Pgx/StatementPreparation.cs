using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx;

/// <summary>
/// Whether to prepare statements on connections of one connection string: never with multiplexing (Npgsql does
/// not support explicit preparation there), otherwise as the server's <see cref="PgxPreparation"/> says.
/// </summary>
internal sealed class StatementPreparation
{
    private static readonly ConcurrentDictionary<string, StatementPreparation> ByConnectionString = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ServerState> ByServer = new(StringComparer.Ordinal);

    private readonly bool _multiplexing;

    private StatementPreparation(bool multiplexing, ServerState server)
    {
        _multiplexing = multiplexing;
        Server = server;
    }

    /// <summary>What is known about the server: host, port, database and user.</summary>
    public ServerState Server { get; }

    /// <summary>The preparation of connections opened with <paramref name="connectionString"/>.</summary>
    public static StatementPreparation For(string connectionString) => ByConnectionString.GetOrAdd(connectionString, static text =>
    {
        var settings = new NpgsqlConnectionStringBuilder(text);
        var key = string.Join("\n", settings.Host, settings.Port.ToString(CultureInfo.InvariantCulture), settings.Database ?? settings.Username, settings.Username);
        return new StatementPreparation(settings.Multiplexing, ByServer.GetOrAdd(key, static _ => new ServerState()));
    });

    /// <summary>
    /// Whether to prepare on <paramref name="connection"/>; with <see cref="PgxPreparation.Automatic"/> the first call
    /// for a server asks it whether a pooler stands in between.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">The transaction on it, if any.</param>
    /// <param name="cancellationToken">Cancels the question.</param>
    public ValueTask<bool> ShouldPrepareAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        if (_multiplexing)
        {
            return new ValueTask<bool>(false);
        }

        return Server.Preparation switch
        {
            PgxPreparation.Always => new ValueTask<bool>(true),
            PgxPreparation.Never => new ValueTask<bool>(false),
            _ => Server.BehindPooler is { } known ? new ValueTask<bool>(!known) : ProbeAsync(connection, transaction, cancellationToken),
        };
    }

    private async ValueTask<bool> ProbeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // A pooler answers the login itself, with a process id (BackendKeyData, for cancelling queries) of its own;
        // PostgreSQL answers with its backend's. Concurrent first calls may each ask: they get the same answer.
        var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            var backend = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            var behindPooler = backend != connection.ProcessID;
            Server.BehindPooler = behindPooler;
            return !behindPooler;
        }
    }

    /// <summary>What Pgx knows about one server, shared by every connection string that names it.</summary>
    internal sealed class ServerState
    {
        private volatile int _preparation;
        private volatile int _behindPooler;

        /// <summary>The setting; <see cref="PgxPreparation.Automatic"/> unless <see cref="PgxPreparedStatements"/> changed it.</summary>
        public PgxPreparation Preparation
        {
            get => (PgxPreparation)_preparation;
            set => _preparation = (int)value;
        }

        /// <summary>Whether a pooler stands between the application and PostgreSQL, once a connection has asked.</summary>
        public bool? BehindPooler
        {
            get => _behindPooler switch { 1 => false, 2 => true, _ => null };
            set => _behindPooler = value switch { false => 1, true => 2, null => 0 };
        }
    }
}
