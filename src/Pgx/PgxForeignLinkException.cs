using System;

namespace Pgx;

/// <summary>
/// A foreign server cannot be reached through the definition an apply was about to commit: the remote host is
/// unreachable, the database does not exist, or the user or password is wrong. The apply is rolled back, so the
/// previous definition of the server and its user mapping stays in place and keeps working. The message names
/// the server, where it points and the SQLSTATE, never the password.
/// </summary>
public sealed class PgxForeignLinkException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="server">The foreign server.</param>
    /// <param name="host">Its <c>host</c> option, or <see langword="null"/> when it has none (libpq's default).</param>
    /// <param name="port">Its <c>port</c> option, or <see langword="null"/>.</param>
    /// <param name="dbName">Its <c>dbname</c> option, or <see langword="null"/>.</param>
    /// <param name="user">The remote user of the current user's mapping.</param>
    /// <param name="sqlState">The SQLSTATE of the failure, e.g. 08001 (unable to connect; postgres_fdw reports a wrong password so too).</param>
    /// <param name="reason">PostgreSQL's message and detail.</param>
    /// <param name="innerException">The PostgreSQL error.</param>
    public PgxForeignLinkException(string server, string? host, string? port, string? dbName, string? user, string sqlState, string reason, Exception? innerException)
        : base(
            $"Foreign server '{server}' (host {host ?? "(default)"}, port {port ?? "(default)"}, dbname {dbName ?? "(default)"}, user {user ?? "(none)"}) " +
            $"cannot be reached through its new definition: SQLSTATE {sqlState}: {reason} " +
            "Nothing was applied: the previous definition of the server and its user mapping stays in place.",
            innerException)
    {
        Server = server;
        Host = host;
        Port = port;
        DbName = dbName;
        User = user;
        SqlState = sqlState;
    }

    /// <summary>The foreign server.</summary>
    public string Server { get; }

    /// <summary>The host the server points to, or <see langword="null"/> for libpq's default.</summary>
    public string? Host { get; }

    /// <summary>The port the server points to, or <see langword="null"/> for libpq's default.</summary>
    public string? Port { get; }

    /// <summary>The remote database, or <see langword="null"/> for libpq's default.</summary>
    public string? DbName { get; }

    /// <summary>The remote user the current user is mapped to.</summary>
    public string? User { get; }

    /// <summary>The SQLSTATE of the failure.</summary>
    public string SqlState { get; }
}
