using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Pgx.Schema;

/// <summary>
/// Reads the schema a live database has into a <see cref="SchemaModel"/>, for the tables a desired model names and
/// their children only: objects Pgx did not create are never read, so a plan can never drop them. One round trip
/// per kind of object (tables and columns, children, constraints, indexes, routing functions); names travel as
/// parameters, never pasted into the SQL.
/// </summary>
internal static partial class CatalogReader
{
    private const string TablesSql = """
        SELECT c.oid, n.nspname, c.relname, c.relkind::text,
               pt.partstrat::text, (SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = pt.partattrs[0]),
               a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid)
        FROM unnest($1::text[], $2::text[]) AS w(schema, name)
        JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema
        JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.name AND c.relkind IN ('r', 'p')
        LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        ORDER BY n.nspname, c.relname, a.attnum
        """;

    private const string ChildrenSql = """
        SELECT i.inhparent, c.oid, c.relname, c.relispartition, pg_catalog.pg_get_expr(c.relpartbound, c.oid)
        FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = ANY($1::oid[]) AND c.relkind IN ('r', 'p')
        ORDER BY i.inhparent, c.relname
        """;

    // Partitions that are foreign tables (postgres_fdw), with the server each reads.
    private const string ForeignChildrenSql = """
        SELECT i.inhparent, c.relname, pg_catalog.pg_get_expr(c.relpartbound, c.oid), s.srvname
        FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid AND c.relkind = 'f' AND c.relispartition
        JOIN pg_catalog.pg_foreign_table f ON f.ftrelid = c.oid
        JOIN pg_catalog.pg_foreign_server s ON s.oid = f.ftserver
        WHERE i.inhparent = ANY($1::oid[])
        ORDER BY i.inhparent, c.relname
        """;

    private const string ConstraintsSql = """
        SELECT con.conrelid, con.conname, con.contype::text, pg_catalog.pg_get_constraintdef(con.oid),
               ARRAY(SELECT a.attname FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord)::text[]
        FROM pg_catalog.pg_constraint con
        WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'c') AND con.conislocal
        ORDER BY con.conrelid, con.conname
        """;

    private const string IndexesSql = """
        SELECT x.indrelid, i.relname, x.indisunique, x.indisvalid AND x.indisready,
               ARRAY(SELECT a.attname FROM pg_catalog.unnest(x.indkey::int2[]) WITH ORDINALITY k(num, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num ORDER BY k.ord)::text[],
               pg_catalog.cardinality(x.indkey::int2[]) = x.indnatts AND x.indexprs IS NULL AND x.indpred IS NULL AND 0 <> ALL (x.indkey::int2[]),
               (SELECT p.relname FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class p ON p.oid = h.inhparent WHERE h.inhrelid = x.indexrelid)
        FROM pg_catalog.pg_index x
        JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = ANY($1::oid[]) AND NOT x.indisprimary
        ORDER BY x.indrelid, i.relname
        """;

    private const string FunctionsSql = """
        SELECT n.nspname, p.proname, p.prosrc
        FROM unnest($1::text[], $2::text[]) AS w(schema, name)
        JOIN pg_catalog.pg_namespace n ON n.nspname = w.schema
        JOIN pg_catalog.pg_proc p ON p.pronamespace = n.oid AND p.proname = w.name AND p.pronargs = 0
        """;

    /// <summary>The tables of <paramref name="desired"/> as the database has them; a missing table is simply absent.</summary>
    public static async Task<SchemaModel> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SchemaModel desired, CancellationToken cancellationToken)
    {
        var actual = new SchemaModel();
        var byOid = new Dictionary<uint, TableModel>();
        await using (var command = Command(connection, transaction, TablesSql, desired.Tables.Select(t => t.Schema).ToArray(), desired.Tables.Select(t => t.Name).ToArray()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var oid = reader.GetFieldValue<uint>(0);
                if (!byOid.TryGetValue(oid, out var table))
                {
                    table = new TableModel { Schema = reader.GetString(1), Name = reader.GetString(2) };
                    if (!reader.IsDBNull(4))
                    {
                        table.Partitioning = new PartitioningModel
                        {
                            Kind = reader.GetString(4) switch { "l" => "list", "r" => "range", _ => "hash" },
                            Routing = "declarative",
                            KeyColumn = reader.IsDBNull(5) ? "" : reader.GetString(5),
                        };
                    }

                    byOid.Add(oid, table);
                    actual.Tables.Add(table);
                }

                if (!reader.IsDBNull(6))
                {
                    table.Columns.Add(new ColumnModel
                    {
                        Name = reader.GetString(6),
                        Type = reader.GetString(7),
                        NotNull = reader.GetBoolean(8),
                        Default = reader.IsDBNull(9) ? null : reader.GetString(9),
                    });
                }
            }
        }

        if (byOid.Count == 0)
        {
            return actual;
        }

        var children = new Dictionary<uint, PartitionModel>();
        await using (var command = Command(connection, transaction, ChildrenSql, byOid.Keys.ToArray()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var parent = byOid[reader.GetFieldValue<uint>(0)];
                var bound = reader.IsDBNull(4) ? null : reader.GetString(4);
                var partition = new PartitionModel { Name = reader.GetString(2), Bound = bound, IsDefault = bound == "DEFAULT" };
                ParseHashBound(partition);
                if (parent.Partitioning is null)
                {
                    // Children by inheritance alone: the legacy layout Pgx routes with a trigger.
                    var wanted = desired.Tables.FirstOrDefault(t => t.Schema == parent.Schema && t.Name == parent.Name)?.Partitioning;
                    parent.Partitioning = new PartitioningModel { Kind = wanted?.Kind ?? "list", Routing = "trigger", KeyColumn = wanted?.KeyColumn ?? "" };
                }

                parent.Partitioning.Partitions.Add(partition);
                children.Add(reader.GetFieldValue<uint>(1), partition);
            }
        }

        await using (var command = Command(connection, transaction, ForeignChildrenSql, byOid.Keys.ToArray()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var parent = byOid[reader.GetFieldValue<uint>(0)];
                parent.Partitioning?.ForeignPartitions.Add(new PartitionModel { Name = reader.GetString(1), Bound = reader.GetString(2), Server = reader.GetString(3) });
            }
        }

        var relations = byOid.Keys.Concat(children.Keys).ToArray();
        await using (var command = Command(connection, transaction, ConstraintsSql, relations))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var relation = reader.GetFieldValue<uint>(0);
                var name = reader.GetString(1);
                var columns = reader.GetFieldValue<string[]>(4).ToList();
                if (reader.GetString(2) == "p")
                {
                    if (byOid.TryGetValue(relation, out var table))
                    {
                        (table.PrimaryKeyName, table.PrimaryKey) = (name, columns);
                    }
                    else
                    {
                        (children[relation].PrimaryKeyName, children[relation].PrimaryKey) = (name, columns);
                    }
                }
                else if (children.TryGetValue(relation, out var child))
                {
                    child.Checks[name] = reader.GetString(3);
                    if (child.CheckName is not null)
                    {
                        continue;
                    }

                    var wantedName = desired.Tables.SelectMany(t => t.Partitioning?.Partitions ?? new List<PartitionModel>()).FirstOrDefault(p => p.Name == child.Name)?.CheckName;
                    if (wantedName is null || wantedName == name)
                    {
                        (child.CheckName, child.Check) = (name, reader.GetString(3));
                    }
                }
            }
        }

        await using (var command = Command(connection, transaction, IndexesSql, relations))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var relation = reader.GetFieldValue<uint>(0);
                var index = new IndexModel
                {
                    Name = reader.GetString(1),
                    Unique = reader.GetBoolean(2),
                    Valid = reader.GetBoolean(3),
                    // An index on an expression or with a predicate is not one Pgx makes: its columns stay empty, so it
                    // never matches a model index by definition.
                    Columns = reader.GetBoolean(5) ? reader.GetFieldValue<string[]>(4).ToList() : new List<string>(),
                    AttachedTo = reader.IsDBNull(6) ? null : reader.GetString(6),
                };
                (byOid.TryGetValue(relation, out var table) ? table.Indexes : children[relation].Indexes).Add(index);
            }
        }

        var routed = desired.Tables.Where(t => t.Partitioning?.RoutingFunction is not null).ToList();
        if (routed.Count > 0)
        {
            await using var command = Command(connection, transaction, FunctionsSql, routed.Select(t => t.Schema).ToArray(), routed.Select(t => t.Partitioning!.RoutingFunction!).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var table = actual.Tables.FirstOrDefault(t => t.Schema == reader.GetString(0) && t.Partitioning?.IsTriggerRouted == true
                    && routed.Any(r => r.Schema == t.Schema && r.Name == t.Name && r.Partitioning!.RoutingFunction == reader.GetString(1)));
                if (table is not null)
                {
                    table.Partitioning!.RoutingFunction = reader.GetString(1);
                    table.Partitioning.RoutingFunctionBody = reader.GetString(2);
                }
            }
        }

        await ReadRoutingAsync(connection, transaction, actual, byOid, cancellationToken).ConfigureAwait(false);
        return actual;
    }

    /// <summary>Reads modulus and remainder out of <c>FOR VALUES WITH (modulus 4, remainder 1)</c>.</summary>
    private static void ParseHashBound(PartitionModel partition)
    {
        const string Prefix = "FOR VALUES WITH (modulus ";
        if (partition.Bound is not { } bound || !bound.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return;
        }

        var parts = bound.Substring(Prefix.Length).TrimEnd(')').Split(new[] { ", remainder " }, StringSplitOptions.None);
        if (parts.Length == 2 && int.TryParse(parts[0], out var modulus) && int.TryParse(parts[1], out var remainder))
        {
            (partition.Modulus, partition.Remainder) = (modulus, remainder);
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(value is uint[] ? new NpgsqlParameter { Value = value, DataTypeName = "oid[]" } : new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
