using System;
using Npgsql;

namespace Pgx;

/// <summary>
/// A statement a repository had prepared on a connection no longer fit the server, inside a transaction, where it
/// cannot simply run again: a column it reads changed type since it was prepared (SQLSTATE 0A000, "cached plan must
/// not change result type"), or the prepared statement was gone (26000, after <c>DISCARD ALL</c> or
/// <c>DEALLOCATE</c>). PostgreSQL refused it before running it, and it has been unprepared, so running the
/// transaction again prepares it afresh. <see cref="NpgsqlException.IsTransient"/> is <see langword="true"/>, so
/// retry policies that check it run the transaction again. Outside a transaction, repositories retry once by themselves.
/// </summary>
public sealed class PgxStaleStatementException : NpgsqlException
{
    private PgxStaleStatementException(string message, string statement, PostgresException cause)
        : base(message, cause)
    {
        Statement = statement;
        SqlState = cause.SqlState;
    }

    /// <summary>The statement, as prepared (it names the table or partition it ran against).</summary>
    public string Statement { get; }

    /// <summary>What PostgreSQL answered: <c>0A000</c> (a result column changed type) or <c>26000</c> (no such prepared statement).</summary>
    public override string SqlState { get; }

    /// <summary>Always <see langword="true"/>: the same transaction, run again, finds the statement prepared afresh.</summary>
    public override bool IsTransient => true;

    /// <summary>The exception for <paramref name="statement"/>, refused with <paramref name="cause"/>.</summary>
    /// <param name="statement">The statement's SQL.</param>
    /// <param name="cause">PostgreSQL's error.</param>
    /// <param name="callersTransaction">Whether it ran in the caller's transaction (otherwise in the repository's own, for a batch).</param>
    internal static PgxStaleStatementException Create(string statement, PostgresException cause, bool callersTransaction)
    {
        var what = cause.SqlState == PostgresErrorCodes.FeatureNotSupported
            ? "A column of the table changed type after this statement was prepared on the connection"
            : "This statement's prepared copy is gone from the connection's server session (DISCARD ALL, DEALLOCATE, or a pooler that moved the session)";
        var next = callersTransaction
            ? "but the transaction it ran in is now aborted: roll it back and run the transaction again."
            : "but the batch's transaction was rolled back and nothing of the batch was stored: run the call again.";
        return new PgxStaleStatementException(
            $"{what} (SQLSTATE {cause.SqlState}: {cause.MessageText}): {statement}. PostgreSQL refused it before running it, and it has been unprepared, {next}",
            statement,
            cause);
    }
}
