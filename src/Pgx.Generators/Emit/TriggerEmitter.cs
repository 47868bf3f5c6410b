using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// The plpgsql routing function of a trigger-routed table: static IF/ELSIF branches (no dynamic EXECUTE
/// per row), each inserting into its child and returning NULL; a row no child accepts raises SQLSTATE 23514
/// naming the table, the key column and the value.
/// </summary>
internal static class TriggerEmitter
{
    /// <summary>Writes <c>CREATE OR REPLACE FUNCTION</c> for <paramref name="table"/>.</summary>
    public static void WriteRoutingFunction(SourceWriter sql, TableSpec table, PartitioningSpec partitioning)
    {
        var text = Body(table, partitioning);
        var tag = SqlText.DollarTag(text);
        sql.Line("CREATE OR REPLACE FUNCTION " + table.QualifiedChild(table.RoutingTrigger()) + "()");
        sql.Line("    RETURNS trigger");
        sql.Line("    LANGUAGE plpgsql");
        sql.Line("AS " + tag);
        sql.Lines(text);
        sql.Line(tag + ";");
    }

    /// <summary>The function's plpgsql body, <c>BEGIN</c> to <c>END</c>, without the line break the dollar quotes add around it.</summary>
    public static string Body(TableSpec table, PartitioningSpec partitioning)
    {
        var column = "NEW." + SqlText.Identifier(partitioning.KeyColumn);
        var body = new SourceWriter();
        body.Line("BEGIN");
        using (body.Indent())
        {
            if (partitioning.Partitions.IsEmpty)
            {
                WriteFallback(body, table, partitioning, column);
            }
            else
            {
                WriteBranches(body, table, partitioning, column);

                body.Line("ELSE");
                using (body.Indent())
                {
                    WriteFallback(body, table, partitioning, column);
                }

                body.Line("END IF;");
            }

            // NULL: the row is already in its child; returning NEW would store a second copy in the parent.
            body.Line("RETURN NULL;");
        }

        body.Line("END");
        return body.ToString().TrimEnd('\n');
    }

    /// <summary>The static branches of the listed partitions alone (<c>IF … ELSIF …</c>), unindented, for rolling maintenance.</summary>
    public static string Branches(TableSpec table, PartitioningSpec partitioning)
    {
        var body = new SourceWriter();
        WriteBranches(body, table, partitioning, "NEW." + SqlText.Identifier(partitioning.KeyColumn));
        return body.ToString().TrimEnd('\n');
    }

    private static void WriteBranches(SourceWriter body, TableSpec table, PartitioningSpec partitioning, string column)
    {
        var keyword = "IF ";
        foreach (var partition in partitioning.Partitions)
        {
            body.Line(keyword + PartitionConditions.For(partition, column) + " THEN");
            body.Line("    INSERT INTO " + table.QualifiedChild(partition.Name) + " VALUES (NEW.*);");
            keyword = "ELSIF ";
        }
    }

    /// <summary>
    /// The fallback branch alone, unindented: what a rolling set's maintenance puts after the static branches of the
    /// children it made when it rewrites the function.
    /// </summary>
    public static string Fallback(TableSpec table, PartitioningSpec partitioning)
    {
        var body = new SourceWriter();
        WriteFallback(body, table, partitioning, "NEW." + SqlText.Identifier(partitioning.KeyColumn));
        return body.ToString().TrimEnd('\n');
    }

    /// <summary>Where a row goes that no listed partition accepts: the default partition, or an error.</summary>
    private static void WriteFallback(SourceWriter body, TableSpec table, PartitioningSpec partitioning, string column)
    {
        if (partitioning.DefaultPartition is { } defaultName)
        {
            body.Line("INSERT INTO " + table.QualifiedChild(defaultName) + " VALUES (NEW.*);");
            return;
        }

        body.Line("RAISE EXCEPTION 'no partition of table % accepts % = %', " + SqlText.Literal(table.Qualified()) + ", " + SqlText.Literal(partitioning.KeyColumn) + ", " + column);
        body.Line("    USING ERRCODE = 'check_violation', SCHEMA = " + SqlText.Literal(table.Schema) + ", TABLE = " + SqlText.Literal(table.Name) + ", COLUMN = " + SqlText.Literal(partitioning.KeyColumn) + ",");
        body.Line("          HINT = 'Add a partition for this value, or a default partition.';");
    }
}
