using System.Collections.Generic;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// CREATE statements for one table record: sequence, parent, partitions, indexes and (for trigger routing)
/// the routing function and trigger. Every statement is idempotent, and a re-apply takes no lock that
/// would block writers: steps that lock the table run only when their object is missing.
/// </summary>
internal static class DdlEmitter
{
    /// <summary>Writes the DDL of <paramref name="table"/>.</summary>
    public static void Write(SourceWriter sql, TableSpec table)
    {
        sql.Line("-- " + SqlText.CommentText(table.Qualified() + " (" + ClrTypeNames.Readable(table.FullyQualifiedType) + ")" + Describe(table.Partitioning)));
        if (table.Sequence is { } sequence)
        {
            sql.Line("CREATE SEQUENCE IF NOT EXISTS " + sequence.QualifiedSequence() + " AS " + sequence.PgType + ";");
        }

        WriteParent(sql, table);
        if (table.Partitioning is { } partitioning)
        {
            if (partitioning.Routing == PartitionRouting.Trigger)
            {
                WriteInheritedChildren(sql, table, partitioning);
                TriggerEmitter.WriteRoutingFunction(sql, table, partitioning);
            }
            else
            {
                WriteDeclarativePartitions(sql, table, partitioning);
            }
        }

        WriteGuardedSteps(sql, table);
        sql.Line();
    }

    private static string Describe(PartitioningSpec? partitioning) => partitioning is null
        ? ""
        : ": " + partitioning.Kind.ToString().ToUpperInvariant() + " partitions on " + SqlText.Identifier(partitioning.KeyColumn)
            + (partitioning.Routing == PartitionRouting.Trigger ? ", routed by a BEFORE INSERT trigger" : ", declarative");

    private static void WriteParent(SourceWriter sql, TableSpec table)
    {
        var lines = new List<string>();
        foreach (var column in table.Columns)
        {
            var line = SqlText.Identifier(column.ColumnName) + " " + column.PgType + (column.IsNullable ? "" : " NOT NULL");
            if (table.Sequence is { } sequence && sequence.ColumnName == column.ColumnName)
            {
                line += " DEFAULT nextval(" + SqlText.Literal(sequence.QualifiedSequence()) + "::regclass)";
            }
            else if (column.DefaultSql is { } expression)
            {
                // In parentheses: the parser checked they balance, so nothing in it can reach past the default.
                line += " DEFAULT (" + expression + ")";
            }

            lines.Add(line);
        }

        // PostgreSQL refuses a unique index on a partitioned table with a foreign partition: each partition carries the key instead.
        var key = table.Partitioning?.HasForeignPartitions == true ? new List<string>() : PrimaryKeyColumns(table);
        if (key.Count > 0)
        {
            lines.Add("CONSTRAINT " + SqlText.Identifier(TableNames.PrimaryKey(table.Name)) + " PRIMARY KEY (" + SqlText.IdentifierList(key) + ")");
        }

        sql.Line("CREATE TABLE IF NOT EXISTS " + table.Qualified() + " (");
        using (sql.Indent())
        {
            for (var i = 0; i < lines.Count; i++)
            {
                sql.Line(lines[i] + (i < lines.Count - 1 ? "," : ""));
            }
        }

        var partitionBy = table.Partitioning is { Routing: PartitionRouting.Declarative } p
            ? " PARTITION BY " + p.Kind.ToString().ToUpperInvariant() + " (" + SqlText.Identifier(p.KeyColumn) + ")"
            : "";
        sql.Line(")" + partitionBy + ";");
    }

    /// <summary>
    /// The key columns; a declaratively partitioned table's primary key must also hold the partition key
    /// (PostgreSQL enforces uniqueness per partition only).
    /// </summary>
    public static List<string> PrimaryKeyColumns(TableSpec table)
    {
        var key = table.Columns.Where(c => c.IsKey).Select(c => c.ColumnName).ToList();
        if (key.Count > 0 && table.Partitioning is { Routing: PartitionRouting.Declarative } p && !key.Contains(p.KeyColumn))
        {
            key.Add(p.KeyColumn);
        }

        return key;
    }

    private static void WriteInheritedChildren(SourceWriter sql, TableSpec table, PartitioningSpec partitioning)
    {
        var key = PrimaryKeyColumns(table);
        var column = SqlText.Identifier(partitioning.KeyColumn);
        foreach (var partition in partitioning.Partitions)
        {
            WriteInheritedChild(sql, table, partition.Name, PartitionConditions.For(partition, column), key);
        }

        if (partitioning.DefaultPartition is { } defaultName)
        {
            WriteInheritedChild(sql, table, defaultName, PartitionConditions.ForDefault(partitioning, column), key);
        }
    }

    /// <summary>The CREATE statement of one child table: a partition of a declarative parent, or an inheriting child with its CHECK and primary key.</summary>
    public static void WriteChild(SourceWriter sql, TableSpec table, PartitioningSpec partitioning, string child)
    {
        var partition = partitioning.Partitions.FirstOrDefault(p => p.Name == child);
        if (partitioning.Routing == PartitionRouting.Trigger)
        {
            var column = SqlText.Identifier(partitioning.KeyColumn);
            WriteInheritedChild(sql, table, child, partition is null ? PartitionConditions.ForDefault(partitioning, column) : PartitionConditions.For(partition, column), PrimaryKeyColumns(table));
        }
        else
        {
            WriteDeclarativePartition(sql, table, partitioning, child, partition);
        }
    }

    private static void WriteInheritedChild(SourceWriter sql, TableSpec table, string child, string? check, List<string> key)
    {
        // Inheritance copies columns, defaults and CHECKs, but no primary key and no index: each child gets its own.
        var lines = new List<string>();
        if (check is not null)
        {
            lines.Add("CONSTRAINT " + SqlText.Identifier(TableNames.PartitionCheck(child)) + " CHECK (" + check + ")");
        }

        if (key.Count > 0)
        {
            lines.Add("CONSTRAINT " + SqlText.Identifier(TableNames.PrimaryKey(child)) + " PRIMARY KEY (" + SqlText.IdentifierList(key) + ")");
        }

        sql.Line("CREATE TABLE IF NOT EXISTS " + table.QualifiedChild(child) + " (");
        using (sql.Indent())
        {
            for (var i = 0; i < lines.Count; i++)
            {
                sql.Line(lines[i] + (i < lines.Count - 1 ? "," : ""));
            }
        }

        sql.Line(") INHERITS (" + table.Qualified() + ");");
    }

    private static void WriteDeclarativePartitions(SourceWriter sql, TableSpec table, PartitioningSpec partitioning)
    {
        // Partitions on other servers need their server first: the foreign refresh creates them (ForeignPartitionEmitter).
        foreach (var partition in partitioning.Partitions.Where(p => p.Server is null))
        {
            WriteDeclarativePartition(sql, table, partitioning, partition.Name, partition);
        }

        if (partitioning.DefaultPartition is { } defaultName)
        {
            WriteDeclarativePartition(sql, table, partitioning, defaultName, null);
        }
    }

    private static void WriteDeclarativePartition(SourceWriter sql, TableSpec table, PartitioningSpec partitioning, string child, PartitionSpec? partition) =>
        sql.Line("CREATE TABLE IF NOT EXISTS " + table.QualifiedChild(child) + " PARTITION OF " + table.Qualified() + OwnKey(table, partitioning, child) + " "
            + (partition is null ? "DEFAULT" : PartitionConditions.ForValues(partitioning, partition)) + ";");

    /// <summary>
    /// A local partition of a table with foreign partitions gets its own primary key, since its parent can have none;
    /// the key holds the partition key, so keys unique in each partition are unique across the table.
    /// </summary>
    private static string OwnKey(TableSpec table, PartitioningSpec partitioning, string child) =>
        partitioning.HasForeignPartitions && PrimaryKeyColumns(table) is { Count: > 0 } key
            ? " (CONSTRAINT " + SqlText.Identifier(TableNames.PrimaryKey(child)) + " PRIMARY KEY (" + SqlText.IdentifierList(key) + "))"
            : "";

    /// <summary>
    /// Sequence ownership, indexes and the routing trigger lock the table even when they already exist, so
    /// they run inside one DO block, each only when missing: a re-apply never waits on, or blocks, writers.
    /// </summary>
    private static void WriteGuardedSteps(SourceWriter sql, TableSpec table)
    {
        var steps = new SourceWriter();
        using (steps.Indent())
        {
            if (table.Sequence is { IsOwnedByTable: true } sequence)
            {
                steps.Line("IF NOT EXISTS (SELECT FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::regclass AND objid = " + SqlText.Literal(sequence.QualifiedSequence()) + "::regclass AND deptype = 'a') THEN");
                steps.Line("    ALTER SEQUENCE " + sequence.QualifiedSequence() + " OWNED BY " + table.Qualified() + "." + SqlText.Identifier(sequence.ColumnName) + ";");
                steps.Line("END IF;");
            }

            foreach (var index in table.Indexes)
            {
                WriteIndex(steps, table, table.Name, index.Name, index);
                if (table.Partitioning is { Routing: PartitionRouting.Trigger } partitioning)
                {
                    foreach (var child in ChildNames(partitioning))
                    {
                        WriteIndex(steps, table, child, TableNames.ChildIndex(child, index), index);
                    }
                }
            }

            if (table.IsTriggerRouted)
            {
                var trigger = table.RoutingTrigger();
                steps.Line("IF NOT EXISTS (SELECT FROM pg_catalog.pg_trigger WHERE tgrelid = " + SqlText.Literal(table.Qualified()) + "::regclass AND tgname = " + SqlText.Literal(trigger) + ") THEN");
                steps.Line("    CREATE TRIGGER " + SqlText.Identifier(trigger) + " BEFORE INSERT ON " + table.Qualified() + " FOR EACH ROW EXECUTE FUNCTION " + table.QualifiedChild(trigger) + "();");
                steps.Line("END IF;");
            }
        }

        var body = steps.ToString();
        if (body.Length == 0)
        {
            return;
        }

        var tag = SqlText.DollarTag(body);
        sql.Line("DO " + tag);
        sql.Line("BEGIN");
        sql.Lines(body.TrimEnd('\n'));
        sql.Line("END");
        sql.Line(tag + ";");
    }

    private static void WriteIndex(SourceWriter steps, TableSpec table, string onTable, string name, IndexSpec index)
    {
        steps.Line("IF pg_catalog.to_regclass(" + SqlText.Literal(table.QualifiedChild(name)) + ") IS NULL THEN");
        steps.Line("    CREATE " + (index.IsUnique ? "UNIQUE " : "") + "INDEX " + SqlText.Identifier(name) + " ON " + table.QualifiedChild(onTable) + " (" + SqlText.IdentifierList(index.Columns) + ");");
        steps.Line("END IF;");
    }

    /// <summary>The child tables in this database: every one but the partitions on other servers, the default partition last.</summary>
    public static IEnumerable<string> LocalChildNames(PartitioningSpec partitioning) =>
        ChildNames(partitioning).Where(child => partitioning.Partitions.All(p => p.Name != child || p.Server is null));

    /// <summary>Every child table of a partitioned table, the default partition last.</summary>
    public static IEnumerable<string> ChildNames(PartitioningSpec partitioning)
    {
        foreach (var partition in partitioning.Partitions)
        {
            yield return partition.Name;
        }

        if (partitioning.DefaultPartition is { } defaultName)
        {
            yield return defaultName;
        }
    }
}
