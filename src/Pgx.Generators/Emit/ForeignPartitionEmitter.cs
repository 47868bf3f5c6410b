using System.Collections.Generic;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;
using Pgx.Schema;

namespace Pgx.Generators.Emit;

/// <summary>
/// Partitions on other servers (<c>Server = "…"</c>): on the coordinator, a postgres_fdw foreign table attached as
/// the partition, created by the foreign refresh once its server exists; on the server, the real table behind it,
/// with the coordinator's column types and the key, which apply creates and keeps in step through that server's own
/// connection (<see cref="Shards"/>). The remote table has the partition's name in the parent's schema.
/// </summary>
internal static class ForeignPartitionEmitter
{
    /// <summary>
    /// The coordinator's <c>CREATE FOREIGN TABLE IF NOT EXISTS … PARTITION OF …</c> of every partition on another
    /// server, for the foreign refresh after the servers; empty when there is none. A column added later reaches them
    /// through the parent's <c>ALTER TABLE</c>, which PostgreSQL applies to every partition.
    /// </summary>
    public static string Render(EquatableArray<TableSpec> tables)
    {
        var sql = new SourceWriter();
        foreach (var (table, partitioning, partition) in Remote(tables))
        {
            sql.Line("CREATE FOREIGN TABLE IF NOT EXISTS " + table.QualifiedChild(partition.Name) + " PARTITION OF " + table.Qualified() + " "
                + PartitionConditions.ForValues(partitioning, partition) + " SERVER " + SqlText.Identifier(partition.Server!)
                + " OPTIONS (schema_name " + SqlText.Literal(table.Schema) + ", table_name " + SqlText.Literal(partition.Name) + ");");
        }

        var text = sql.ToString();
        return text.Length == 0 ? "" : "\n-- Partitions on other servers: foreign tables in their parents, over the real tables apply creates on each server.\n" + text;
    }

    /// <summary>The servers that hold partitions and the tables each must have, in server-name order.</summary>
    public static List<ShardModel> Shards(IEnumerable<TableSpec> tables) =>
        Remote(tables)
            .GroupBy(r => r.Partition.Server!, System.StringComparer.Ordinal)
            .OrderBy(g => g.Key, System.StringComparer.Ordinal)
            .Select(g => new ShardModel
            {
                Server = g.Key,
                Schemas = g.Select(r => r.Table.Schema).Where(s => s != "public").Distinct().OrderBy(s => s, System.StringComparer.Ordinal).ToList(),
                Tables = g.Select(r => ShardTable(r.Table, r.Partition)).OrderBy(t => t.Schema, System.StringComparer.Ordinal).ThenBy(t => t.Name, System.StringComparer.Ordinal).ToList(),
            })
            .ToList();

    private static IEnumerable<(TableSpec Table, PartitioningSpec Partitioning, PartitionSpec Partition)> Remote(IEnumerable<TableSpec> tables) =>
        from table in tables
        where table.Foreign is null && table.Partitioning is { HasForeignPartitions: true }
        from partition in table.Partitioning!.Partitions
        where partition.Server is not null
        select (table, table.Partitioning!, partition);

    /// <summary>
    /// The real table of one partition on its server: the parent's columns, types as the coordinator spells them, no
    /// defaults (the coordinator computes them, the key from its own sequence, and sends every column), the key, and
    /// the parent's non-unique indexes.
    /// </summary>
    private static TableModel ShardTable(TableSpec table, PartitionSpec partition)
    {
        var key = DdlEmitter.PrimaryKeyColumns(table);
        var indexes = table.Indexes.Where(i => !i.IsUnique).Select(i => new IndexModel
        {
            Name = TableNames.ChildIndex(partition.Name, i),
            Columns = i.Columns.ToList(),
            ExplicitName = i.IsNameExplicit,
        }).ToList();

        var lines = table.Columns.Select(c => SqlText.Identifier(c.ColumnName) + " " + c.PgType + (c.IsNullable ? "" : " NOT NULL")).ToList();
        if (key.Count > 0)
        {
            lines.Add("CONSTRAINT " + SqlText.Identifier(TableNames.PrimaryKey(partition.Name)) + " PRIMARY KEY (" + SqlText.IdentifierList(key) + ")");
        }

        var qualified = table.QualifiedChild(partition.Name);
        var create = new SourceWriter();
        create.Line("-- " + SqlText.CommentText(qualified + ": partition of " + table.Qualified() + " on the server " + partition.Server));
        create.Line("CREATE TABLE IF NOT EXISTS " + qualified + " (");
        using (create.Indent())
        {
            for (var i = 0; i < lines.Count; i++)
            {
                create.Line(lines[i] + (i < lines.Count - 1 ? "," : ""));
            }
        }

        create.Line(");");
        foreach (var index in indexes)
        {
            create.Line("CREATE INDEX IF NOT EXISTS " + SqlText.Identifier(index.Name) + " ON " + qualified + " (" + SqlText.IdentifierList(index.Columns) + ");");
        }

        return new TableModel
        {
            Schema = table.Schema,
            Name = partition.Name,
            Columns = table.Columns.Select(c => new ColumnModel { Name = c.ColumnName, Type = PgTypeSpelling.Normalize(c.PgType), NotNull = !c.IsNullable }).ToList(),
            PrimaryKeyName = key.Count > 0 ? TableNames.PrimaryKey(partition.Name) : null,
            PrimaryKey = key,
            Indexes = indexes,
            CreateSql = create.ToString(),
        };
    }
}
