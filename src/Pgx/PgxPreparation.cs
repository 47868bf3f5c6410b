using System;
using Npgsql;

namespace Pgx;

/// <summary>Whether generated repositories prepare their statements on a server; set with <see cref="PgxPreparedStatements.Set(NpgsqlDataSource, PgxPreparation)"/>.</summary>
public enum PgxPreparation
{
    /// <summary>
    /// Prepare, unless a connection pooler stands between the application and PostgreSQL. Checked once per server
    /// (host, port, database and user), with the first statement: a pooler answers the login with a process id of
    /// its own, so <c>pg_backend_pid()</c> differs from the connection's <see cref="NpgsqlConnection.ProcessID"/>.
    /// </summary>
    Automatic = 0,

    /// <summary>
    /// Always prepare: for a pooler that keeps prepared statements working, such as PgBouncer in session mode, or
    /// PgBouncer 1.21 and newer with <c>max_prepared_statements</c> set.
    /// </summary>
    Always = 1,

    /// <summary>Never prepare: each statement is parsed and planned with every run, in the same round trip.</summary>
    Never = 2,
}

/// <summary>
/// How generated repositories treat prepared statements on a server. Explicitly prepared statements live in one
/// PostgreSQL session; a transaction-mode pooler (PgBouncer's <c>pool_mode = transaction</c> before 1.21) hands each
/// transaction to whichever server connection is free, where another client's statement of the same name may wait.
/// By default (<see cref="PgxPreparation.Automatic"/>) repositories notice the pooler and do not prepare there.
/// </summary>
public static class PgxPreparedStatements
{
    /// <summary>Sets whether repositories on <paramref name="dataSource"/>'s server prepare their statements.</summary>
    /// <param name="dataSource">The data source; the setting applies to its host, port, database and user, from any data source or connection.</param>
    /// <param name="preparation">The setting.</param>
    public static void Set(NpgsqlDataSource dataSource, PgxPreparation preparation)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        Set(dataSource.ConnectionString, preparation);
    }

    /// <summary>Sets whether repositories on the server named by <paramref name="connectionString"/> prepare their statements.</summary>
    /// <param name="connectionString">An Npgsql connection string; the setting applies to its host, port, database and user.</param>
    /// <param name="preparation">The setting.</param>
    public static void Set(string connectionString, PgxPreparation preparation)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (!Enum.IsDefined(preparation))
        {
            throw new ArgumentOutOfRangeException(nameof(preparation), preparation, "Not a PgxPreparation.");
        }

        StatementPreparation.For(connectionString).Server.Preparation = preparation;
    }
}
