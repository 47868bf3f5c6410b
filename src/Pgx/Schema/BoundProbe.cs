using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Schema;

/// <summary>
/// The model's partition bounds and CHECKs as the server prints them, so they compare with the catalog by meaning,
/// not by spelling: the server casts each literal to the key's type (a timestamptz bound written in UTC equals the
/// catalog's in the session's time zone, <c>1</c> equals <c>'1'</c>). Each table gets a temporary copy of its columns
/// with the model's partitions or CHECKs, read back and rolled back: nothing is changed, nothing real is locked.
/// </summary>
internal static class BoundProbe
{
    /// <summary>Canonical bound (declarative) or CHECK (trigger) text of each desired partition that exists, by <see cref="SchemaDiff.CanonicalKey"/>.</summary>
    public static async Task<Dictionary<string, string>> CanonicalAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SchemaModel desired, SchemaModel actual, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>();
        var tables = desired.Tables
            .Where(t => t.Partitioning is not null && actual.Tables.Any(a => a.Schema == t.Schema && a.Name == t.Name && a.Partitioning is not null))
            .ToList();
        foreach (var table in tables.Where(t => t.Partitioning!.Kind == "hash" && !t.Partitioning.IsTriggerRouted))
        {
            foreach (var partition in table.Partitioning!.Partitions)
            {
                result[SchemaDiff.CanonicalKey(table, partition)] = "FOR VALUES WITH (modulus " + partition.Modulus + ", remainder " + partition.Remainder + ")";
            }
        }

        tables = tables.Where(t => t.Partitioning!.Kind != "hash" || t.Partitioning.IsTriggerRouted).ToList();
        if (tables.Count == 0)
        {
            return result;
        }

        var own = transaction is null ? await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        var active = transaction ?? own!;
        try
        {
            for (var next = 0; next < tables.Count;)
            {
                next = await ProbeFromAsync(connection, active, tables, next, result, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.RollbackAsync(cancellationToken).ConfigureAwait(false);
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }

        return result;
    }

    /// <summary>
    /// Probes <paramref name="tables"/> from <paramref name="from"/> on in one round trip (a batch: each table's copy under
    /// a savepoint, read back, rolled back), since a plan at every start-up probes every partitioned table. A table whose
    /// copy the server refuses (e.g. its key column changed) is compared by the model's text; the batch stops there.
    /// </summary>
    /// <returns>The index of the first table not yet probed.</returns>
    private static async Task<int> ProbeFromAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<TableModel> tables, int from, Dictionary<string, string> result, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        for (var i = from; i < tables.Count; i++)
        {
            foreach (var statement in Statements(tables[i], "pgx_probe_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), i))
            {
                batch.BatchCommands.Add(statement);
            }
        }

        // Each table has one read, so the reads entered so far say which table the server refused.
        var reads = 0;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            do
            {
                if (reader.FieldCount == 0)
                {
                    continue;
                }

                reads++;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var table = tables[reader.GetInt32(0)];
                    var j = int.Parse(reader.GetString(1).Substring(1), System.Globalization.CultureInfo.InvariantCulture);
                    result[SchemaDiff.CanonicalKey(table, table.Partitioning!.Partitions[j])] = reader.GetString(2);
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
            return tables.Count;
        }
        catch (PostgresException)
        {
            // The table as it is cannot take the model's bounds (e.g. its key column changed): compare by the model's text.
            await using var rollback = new NpgsqlCommand("ROLLBACK TO SAVEPOINT pgx_probe; RELEASE SAVEPOINT pgx_probe", connection, transaction);
            await rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return from + reads + 1;
        }
    }

    private static IEnumerable<NpgsqlBatchCommand> Statements(TableModel table, string probe, int index)
    {
        var partitioning = table.Partitioning!;
        var source = SqlIdentifier.Quote(table.Schema) + "." + SqlIdentifier.Quote(table.Name);
        yield return new NpgsqlBatchCommand("SAVEPOINT pgx_probe");
        if (partitioning.IsTriggerRouted)
        {
            yield return new NpgsqlBatchCommand("CREATE TEMPORARY TABLE " + probe + " (LIKE " + source + ")");
            for (var j = 0; j < partitioning.Partitions.Count; j++)
            {
                if (partitioning.Partitions[j].Check is { } check)
                {
                    yield return new NpgsqlBatchCommand("ALTER TABLE " + probe + " ADD CONSTRAINT c" + j + " CHECK (" + check + ")");
                }
            }
        }
        else
        {
            yield return new NpgsqlBatchCommand("CREATE TEMPORARY TABLE " + probe + " (LIKE " + source + ") PARTITION BY "
                + partitioning.Kind.ToUpperInvariant() + " (" + SqlIdentifier.Quote(partitioning.KeyColumn) + ")");
            for (var j = 0; j < partitioning.Partitions.Count; j++)
            {
                var partition = partitioning.Partitions[j];
                if (!partition.IsDefault && partition.Bound is not null)
                {
                    yield return new NpgsqlBatchCommand("CREATE TEMPORARY TABLE " + probe + "_c" + j + " PARTITION OF " + probe + " " + partition.Bound);
                }
            }
        }

        var read = partitioning.IsTriggerRouted
            ? "SELECT $1, con.conname::text, pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con WHERE con.conrelid = $2::regclass AND con.contype = 'c'"
            : "SELECT $1, pg_catalog.substring(c.relname::text, '_(c[0-9]+)$'), pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $2::regclass";
        var command = new NpgsqlBatchCommand(read);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = index });
        command.Parameters.Add(new NpgsqlParameter { Value = "pg_temp." + probe });
        yield return command;
        yield return new NpgsqlBatchCommand("ROLLBACK TO SAVEPOINT pgx_probe");
        yield return new NpgsqlBatchCommand("RELEASE SAVEPOINT pgx_probe");
    }
}
