using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Schema;

/// <summary>
/// The model's partition bounds and CHECKs as the server prints them, so they compare with the catalog by meaning,
/// not by spelling: the server casts each literal to the key's type (a timestamptz bound written in UTC equals the
/// catalog's in the session's time zone, <c>1</c> equals <c>'1'</c>). Declarative bounds are first spelled in one
/// query without DDL (<see cref="BoundSpelling"/>); a table whose catalog bounds all read the same needs nothing
/// more, which is every table of an up-to-date database. The rest (trigger CHECKs, bounds that differ) get a
/// temporary copy of their columns with the model's partitions or CHECKs, all tables in one command, read back in one
/// query and rolled back: nothing is changed, nothing real is locked.
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

        tables = tables.Where(t => t.Partitioning!.Kind != "hash" || t.Partitioning.IsTriggerRouted).Select(t => ConversionTwin(t, actual) ?? t).ToList();
        if (tables.Count == 0)
        {
            return result;
        }

        await TemporaryProbe.InTransactionAsync(connection, transaction, async active =>
        {
            var declarative = tables.Where(t => !t.Partitioning!.IsTriggerRouted && HasKeyColumn(actual, t)).ToList();
            var spelled = declarative.Count == 0 ? new Dictionary<string, string>() : await BoundSpelling.SpellAsync(connection, active, declarative, cancellationToken).ConfigureAwait(false);
            var probed = new List<TableModel>();
            foreach (var table in tables)
            {
                if (declarative.Contains(table) && ReadsTheSame(table, actual, spelled))
                {
                    foreach (var partition in table.Partitioning!.Partitions.Where(p => spelled.ContainsKey(SchemaDiff.CanonicalKey(table, p))))
                    {
                        result[SchemaDiff.CanonicalKey(table, partition)] = spelled[SchemaDiff.CanonicalKey(table, partition)];
                    }
                }
                else
                {
                    probed.Add(table);
                }
            }

            // One table the server refuses (e.g. its key column changed) must not cost the others their comparison by meaning.
            if (probed.Count > 0 && !await ProbeAsync(connection, active, probed, result, cancellationToken).ConfigureAwait(false))
            {
                foreach (var table in probed)
                {
                    await ProbeAsync(connection, active, new[] { table }, result, cancellationToken).ConfigureAwait(false);
                }
            }
        }, cancellationToken).ConfigureAwait(false);

        return result;
    }

    /// <summary>
    /// For a declarative model of a table that is still routed by a trigger (a conversion), the same table with its
    /// partitions' bounds as CHECKs, so the server spells them as it spells the children's CHECKs. The twin's results
    /// land under <see cref="SchemaDiff.ConversionKey"/>: its partitions' names carry that key's suffix.
    /// </summary>
    private static TableModel? ConversionTwin(TableModel table, SchemaModel actual)
    {
        if (table.Partitioning is not { IsTriggerRouted: false, Kind: "list" or "range" } partitioning
            || !actual.Tables.Any(a => a.Schema == table.Schema && a.Name == table.Name && a.Partitioning?.IsTriggerRouted == true))
        {
            return null;
        }

        var twin = new PartitioningModel { Kind = partitioning.Kind, Routing = "trigger", KeyColumn = partitioning.KeyColumn };
        foreach (var partition in partitioning.Partitions.Where(p => !p.IsDefault))
        {
            var name = SchemaDiff.ConversionKey(table, partition).Substring(SchemaDiff.CanonicalKey(table, partition).Length - partition.Name.Length);
            twin.Partitions.Add(new PartitionModel { Name = name, Check = SchemaDiff.BoundCondition(partition, SqlIdentifier.Quote(partitioning.KeyColumn)) });
        }

        return new TableModel { Schema = table.Schema, Name = table.Name, Partitioning = twin };
    }

    private static bool HasKeyColumn(SchemaModel actual, TableModel table) =>
        actual.Tables.Any(a => a.Schema == table.Schema && a.Name == table.Name && a.Columns.Any(c => c.Name == table.Partitioning!.KeyColumn));

    /// <summary>Whether every non-default partition of the model exists and its catalog bound equals the spelled one.</summary>
    private static bool ReadsTheSame(TableModel table, SchemaModel actual, Dictionary<string, string> spelled)
    {
        var have = actual.Tables.First(a => a.Schema == table.Schema && a.Name == table.Name).Partitioning!.Partitions;
        return table.Partitioning!.Partitions.Where(p => !p.IsDefault).All(p =>
            spelled.TryGetValue(SchemaDiff.CanonicalKey(table, p), out var bound) && have.Any(h => h.Name == p.Name && h.Bound == bound));
    }

    /// <summary>Probes <paramref name="tables"/> in one command, one read and one rollback; false when the server refused one of them.</summary>
    private static Task<bool> ProbeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TableModel> tables, Dictionary<string, string> result, CancellationToken cancellationToken)
    {
        var ddl = new StringBuilder();
        for (var i = 0; i < tables.Count; i++)
        {
            AppendCopy(ddl, tables[i], "pgx_probe_" + i.ToString(CultureInfo.InvariantCulture));
        }

        // Copies are named pgx_probe_<table>, their partitions pgx_probe_<table>_c<partition> and their CHECKs c<partition>.
        const string read = """
            SELECT p.relname::text, pg_catalog.substring(c.relname::text, '_(c[0-9]+)$'), pg_catalog.pg_get_expr(c.relpartbound, c.oid)
            FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
            JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
            WHERE p.relnamespace = pg_catalog.pg_my_temp_schema() AND p.relname::text ~ '^pgx_probe_[0-9]+$'
            UNION ALL
            SELECT t.relname::text, con.conname::text, pg_catalog.pg_get_constraintdef(con.oid)
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class t ON t.oid = con.conrelid
            WHERE t.relnamespace = pg_catalog.pg_my_temp_schema() AND con.contype = 'c' AND t.relname::text ~ '^pgx_probe_[0-9]+$'
            """;

        // A table as it is that cannot take the model's bounds (e.g. its key column changed) is compared by the model's text.
        return TemporaryProbe.TryAsync(connection, transaction, ddl.ToString(), read, reader =>
        {
            var table = tables[int.Parse(reader.GetString(0).Substring("pgx_probe_".Length), CultureInfo.InvariantCulture)];
            var j = int.Parse(reader.GetString(1).Substring(1), CultureInfo.InvariantCulture);
            result[SchemaDiff.CanonicalKey(table, table.Partitioning!.Partitions[j])] = reader.GetString(2);
        }, cancellationToken);
    }

    private static void AppendCopy(StringBuilder ddl, TableModel table, string probe)
    {
        var partitioning = table.Partitioning!;
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
                if (!partition.IsDefault && partition.Bound is not null)
                {
                    ddl.Append("CREATE TEMPORARY TABLE ").Append(probe).Append("_c").Append(j).Append(" PARTITION OF ").Append(probe).Append(' ').Append(partition.Bound).Append(";\n");
                }
            }
        }
    }
}
