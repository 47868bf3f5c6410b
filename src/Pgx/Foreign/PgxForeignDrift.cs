using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx;

/// <summary>
/// Compares typed foreign-table records with the remote tables as they are now. Called by the generated
/// <c>PgxSchema.CheckForeignDriftAsync</c>; not meant to be called directly.
/// </summary>
/// <remarks>
/// It asks PostgreSQL itself, through the local database's server and user mapping: in a transaction that is
/// always rolled back, <c>IMPORT FOREIGN SCHEMA … LIMIT TO (the remote table)</c> into a scratch schema gives
/// the remote definition, a scratch foreign table built from the record gives the declared one, and both are
/// read back with <c>format_type</c>, so <c>timestamptz</c> and <c>timestamp with time zone</c> compare equal.
/// Nothing is left behind.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PgxForeignDrift
{
    private const string ColumnsQuery = """
        SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    /// <summary>Every difference between the typed foreign tables of <paramref name="foreign"/> and their remote tables.</summary>
    /// <param name="dataSource">The local database, with the servers and the current user's mappings in place.</param>
    /// <param name="foreign">The assembly's foreign objects, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The differences, table by table in declaration order; empty when every table matches.</returns>
    public static async Task<IReadOnlyList<PgxDrift>> CheckAsync(NpgsqlDataSource dataSource, ForeignSchemaDefinition? foreign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var drift = new List<PgxDrift>();
        if (foreign is null || foreign.Tables.Count == 0)
        {
            return drift;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var scratch = "pgx_drift_" + Guid.NewGuid().ToString("N").Substring(0, 12);
        var remote = scratch + "_remote";
        var declared = scratch + "_declared";
        await ExecuteAsync(connection, "SET LOCAL client_min_messages = warning; CREATE SCHEMA " + SqlIdentifier.Quote(remote) + "; CREATE SCHEMA " + SqlIdentifier.Quote(declared), cancellationToken).ConfigureAwait(false);

        foreach (var table in foreign.Tables)
        {
            await ExecuteAsync(connection, "SAVEPOINT pgx_drift_table", cancellationToken).ConfigureAwait(false);
            try
            {
                drift.AddRange(await CompareAsync(connection, table, remote, declared, cancellationToken).ConfigureAwait(false));
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException(
                    $"Pgx could not read the remote definition of {table.Table} ({table.RemoteSchema}.{table.RemoteName} on server '{table.Server}'): {ex.MessageText}. " +
                    "Apply the schema (PgxSchema.ApplyAsync) first: the check uses the local server and the current user's mapping.",
                    ex);
            }

            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT pgx_drift_table", cancellationToken).ConfigureAwait(false);
        }

        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        return drift;
    }

    private static async Task<List<PgxDrift>> CompareAsync(NpgsqlConnection connection, ForeignTableDefinition table, string remote, string declared, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => SqlIdentifier.Quote(c.Name) + " " + c.Type + (c.IsNullable ? "" : " NOT NULL")));
        await ExecuteAsync(connection, $"CREATE FOREIGN TABLE {SqlIdentifier.Quote(declared)}.declared ({columns}) SERVER {SqlIdentifier.Quote(table.Server)}", cancellationToken).ConfigureAwait(false);

        // A missing remote schema is an error; a missing table under LIMIT TO simply imports nothing.
        await ExecuteAsync(connection, "SAVEPOINT pgx_drift_import", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, $"IMPORT FOREIGN SCHEMA {SqlIdentifier.Quote(table.RemoteSchema)} LIMIT TO ({SqlIdentifier.Quote(table.RemoteName)}) FROM SERVER {SqlIdentifier.Quote(table.Server)} INTO {SqlIdentifier.Quote(remote)}", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.FdwSchemaNotFound)
        {
            await ExecuteAsync(connection, "ROLLBACK TO SAVEPOINT pgx_drift_import", cancellationToken).ConfigureAwait(false);
        }

        var want = await ColumnsAsync(connection, declared, "declared", cancellationToken).ConfigureAwait(false);
        var have = await ColumnsAsync(connection, remote, table.RemoteName, cancellationToken).ConfigureAwait(false);
        var drift = new List<PgxDrift>();
        if (have.Count == 0)
        {
            drift.Add(new PgxDrift(table.Table, null, PgxDriftKind.TableMissing, table.RemoteSchema + "." + table.RemoteName, null));
            return drift;
        }

        foreach (var column in want)
        {
            var remoteColumn = have.Find(c => c.Name == column.Name);
            if (remoteColumn is null)
            {
                drift.Add(new PgxDrift(table.Table, column.Name, PgxDriftKind.ColumnMissing, column.Type, null));
                continue;
            }

            if (remoteColumn.Type != column.Type)
            {
                drift.Add(new PgxDrift(table.Table, column.Name, PgxDriftKind.TypeDiffers, column.Type, remoteColumn.Type));
            }

            if (remoteColumn.NotNull != column.NotNull)
            {
                drift.Add(new PgxDrift(table.Table, column.Name, PgxDriftKind.NullabilityDiffers, Nullability(column.NotNull), Nullability(remoteColumn.NotNull)));
            }
        }

        foreach (var column in have.Where(c => !want.Exists(w => w.Name == c.Name)))
        {
            drift.Add(new PgxDrift(table.Table, column.Name, PgxDriftKind.ColumnAdded, null, column.Type + (column.NotNull ? " NOT NULL" : "")));
        }

        return drift;
    }

    private static string Nullability(bool notNull) => notNull ? "NOT NULL" : "NULL";

    private sealed record Column(string Name, string Type, bool NotNull);

    private static async Task<List<Column>> ColumnsAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ColumnsQuery, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var columns = new List<Column>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add(new Column(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return columns;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
