using System;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Schema;

/// <summary>
/// Asking the server how it spells something by letting it store it: temporary objects made under a savepoint, read
/// back, and rolled back whatever happens, in the caller's transaction or one of its own that is rolled back. Nothing
/// is changed and nothing real is locked.
/// </summary>
internal static class TemporaryProbe
{
    /// <summary>Runs <paramref name="work"/> in <paramref name="transaction"/>, or in a transaction of its own that is then rolled back.</summary>
    public static async Task InTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Func<NpgsqlTransaction, Task> work, CancellationToken cancellationToken)
    {
        var own = transaction is null ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            await work(transaction ?? own!).ConfigureAwait(false);
        }
        finally
        {
            if (own is not null)
            {
                await own.RollbackAsync(cancellationToken).ConfigureAwait(false);
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="ddl"/>, hands each row of <paramref name="read"/> to <paramref name="row"/>, and rolls the
    /// DDL back; false when the server refused either.
    /// </summary>
    public static async Task<bool> TryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string ddl, string read, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
        try
        {
            await using (var create = new NpgsqlCommand("SAVEPOINT pgx_probe;\n" + ddl, connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var command = new NpgsqlCommand(read, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row(reader);
            }

            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
        finally
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK TO SAVEPOINT pgx_probe; RELEASE SAVEPOINT pgx_probe", connection, transaction);
            await rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
