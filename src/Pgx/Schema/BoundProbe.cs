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
            for (var i = 0; i < tables.Count; i++)
            {
                await ProbeAsync(connection, active, tables[i], "pgx_probe_" + i, result, cancellationToken).ConfigureAwait(false);
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

    private static async Task ProbeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableModel table, string probe, Dictionary<string, string> result, CancellationToken cancellationToken)
    {
        var partitioning = table.Partitioning!;
        var partitions = partitioning.Partitions.Where(p => !p.IsDefault && (partitioning.IsTriggerRouted ? p.Check is not null : p.Bound is not null)).ToList();
        var ddl = new StringBuilder("SAVEPOINT pgx_probe;\n");
        var source = SqlIdentifier.Quote(table.Schema) + "." + SqlIdentifier.Quote(table.Name);
        if (partitioning.IsTriggerRouted)
        {
            ddl.Append("CREATE TEMPORARY TABLE ").Append(probe).Append(" (LIKE ").Append(source).Append(");\n");
            for (var j = 0; j < partitioning.Partitions.Count; j++)
            {
                var partition = partitioning.Partitions[j];
                if (partition.Check is not null)
                {
                    ddl.Append("ALTER TABLE ").Append(probe).Append(" ADD CONSTRAINT c").Append(j).Append(" CHECK (").Append(partition.Check).Append(");\n");
                }
            }
        }
        else
        {
            ddl.Append("CREATE TEMPORARY TABLE ").Append(probe).Append(" (LIKE ").Append(source).Append(") PARTITION BY ")
                .Append(partitioning.Kind.ToUpperInvariant()).Append(" (").Append(SqlIdentifier.Quote(partitioning.KeyColumn)).Append(");\n");
            for (var j = 0; j < partitioning.Partitions.Count; j++)
            {
                var partition = partitioning.Partitions[j];
                if (partitions.Contains(partition))
                {
                    ddl.Append("CREATE TEMPORARY TABLE ").Append(probe).Append("_c").Append(j).Append(" PARTITION OF ").Append(probe).Append(' ').Append(partition.Bound).Append(";\n");
                }
            }
        }

        var read = partitioning.IsTriggerRouted
            ? "SELECT con.conname::text, pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con WHERE con.conrelid = $1::regclass AND con.contype = 'c'"
            : "SELECT pg_catalog.substring(c.relname::text, '_(c[0-9]+)$'), pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass";
        try
        {
            await using (var create = new NpgsqlCommand(ddl.ToString(), connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var command = new NpgsqlCommand(read, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = "pg_temp." + probe });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var j = int.Parse(reader.GetString(0).Substring(1), System.Globalization.CultureInfo.InvariantCulture);
                result[SchemaDiff.CanonicalKey(table, partitioning.Partitions[j])] = reader.GetString(1);
            }
        }
        catch (PostgresException)
        {
            // The table as it is cannot take the model's bounds (e.g. its key column changed): compare by the model's text.
        }
        finally
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK TO SAVEPOINT pgx_probe; RELEASE SAVEPOINT pgx_probe", connection, transaction);
            await rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
