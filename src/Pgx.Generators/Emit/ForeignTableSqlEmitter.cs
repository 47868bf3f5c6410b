using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// The foreign tables of the postgres_fdw refresh (<c>PgxSchema.ForeignSql</c> after the servers of
/// <see cref="ForeignServerSqlEmitter"/>): "drop everything and recreate it" done properly. Foreign tables — typed
/// records and imported schemas — are built in staging schemas, then moved in when new, or compared with the
/// existing table and altered in place only where they differ (so grants, owners and views on them survive), and
/// imported tables that vanished remotely are dropped. Only foreign tables marked as Pgx's are changed or dropped.
/// All of it runs in one transaction: a query on a table being changed waits, then succeeds; a re-apply with
/// nothing to change locks no foreign table at all.
/// </summary>
internal static class ForeignTableSqlEmitter
{
    /// <summary>The staging schemas' name prefix; they exist only inside the refresh transaction.</summary>
    public const string StagingPrefix = "pgx_foreign_staging_";

    /// <summary>The typed foreign tables on declared servers, in (schema, name) order.</summary>
    public static List<TableSpec> TypedTables(EquatableArray<TableSpec> tables, ForeignSpec foreign) =>
        tables.Where(t => t.Foreign is { } f && foreign.Servers.Any(s => s.Name == f.Server)).ToList();

    /// <summary>
    /// The comment that marks a foreign table as made by Pgx for <paramref name="owner"/> (the assembly): the
    /// refresh alters and drops only foreign tables that carry it, so hand-made ones and another service's survive.
    /// </summary>
    public static string Mark(string owner) => "Made by Pgx for " + owner + "; its refresh alters and drops this foreign table.";

    /// <summary>
    /// The foreign tables part of the refresh: schemas, staged tables and imports, the convergence into the
    /// target schemas, and the sweep of imported tables the remote no longer has. Empty when nothing is declared.
    /// </summary>
    public static string RenderTableStatements(EquatableArray<TableSpec> tables, ForeignSpec foreign)
    {
        var typed = TypedTables(tables, foreign);
        if (typed.Count == 0 && foreign.Imports.IsEmpty)
        {
            return "";
        }

        var sql = new SourceWriter();
        var stages = new List<(string Stage, string Target)>();
        var schemas = typed.Select(t => t.Schema).Concat(foreign.Imports.Select(i => i.LocalSchema))
            .Where(s => s != "public").Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        sql.Line();
        foreach (var schema in schemas)
        {
            sql.Line("CREATE SCHEMA IF NOT EXISTS " + SqlText.Identifier(schema) + ";");
        }

        foreach (var group in typed.GroupBy(t => t.Schema))
        {
            var stage = StagingPrefix + (stages.Count + 1).ToString(CultureInfo.InvariantCulture);
            stages.Add((stage, group.Key));
            sql.Line("CREATE SCHEMA " + stage + ";");
            foreach (var table in group)
            {
                WriteTypedTable(sql, stage, table);
            }
        }

        foreach (var import in foreign.Imports)
        {
            var stage = StagingPrefix + (stages.Count + 1).ToString(CultureInfo.InvariantCulture);
            stages.Add((stage, import.LocalSchema));
            sql.Line("CREATE SCHEMA " + stage + ";");
            var filter = !import.LimitTo.IsEmpty ? " LIMIT TO (" + SqlText.IdentifierList(import.LimitTo) + ")"
                : !import.Except.IsEmpty ? " EXCEPT (" + SqlText.IdentifierList(import.Except) + ")"
                : "";
            sql.Line("IMPORT FOREIGN SCHEMA " + SqlText.Identifier(import.RemoteSchema) + filter + " FROM SERVER " + SqlText.Identifier(import.Server) + " INTO " + stage + ";");
        }

        WriteConverge(sql, stages, foreign.Imports, Mark(foreign.Owner));
        sql.Line("DROP SCHEMA " + string.Join(", ", stages.Select(s => s.Stage)) + " CASCADE;");
        return sql.ToString();
    }

    private static void WriteTypedTable(SourceWriter sql, string stage, TableSpec table)
    {
        var foreign = table.Foreign!;
        sql.Line("CREATE FOREIGN TABLE " + stage + "." + SqlText.Identifier(table.Name) + " (");
        using (sql.Indent())
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                sql.Line(SqlText.Identifier(column.ColumnName) + " " + column.PgType + (column.IsNullable ? "" : " NOT NULL") + (i < table.Columns.Count - 1 ? "," : ""));
            }
        }

        sql.Line(") SERVER " + SqlText.Identifier(foreign.Server) + " OPTIONS (schema_name " + SqlText.Literal(foreign.RemoteSchema) + ", table_name " + SqlText.Literal(foreign.RemoteName) + ");");
    }

    /// <summary>
    /// Moves each staged table in and marks it, or alters the existing one to match it; a typed record's table wins
    /// over an imported one of the same name. An existing foreign table is Pgx's to change when it carries
    /// <paramref name="mark"/>, or has no comment at all and is on the same server (one made before tables were
    /// marked: it is marked now); any other is an error, never replaced. Then drops the imported tables the remote
    /// no longer has, of those that carry the mark.
    /// </summary>
    private static void WriteConverge(SourceWriter sql, List<(string Stage, string Target)> stages, EquatableArray<ImportForeignSchemaSpec> imports, string mark)
    {
        var body = new SourceWriter();
        body.Line();
        body.Line("DECLARE");
        body.Line("    pgx_mark constant text := " + SqlText.Literal(mark) + ";");
        body.Lines("""
                staged record;
                existing record;
                actions text;
                claimed text[] := '{}';
                stale record;
            BEGIN
                FOR staged IN
                    SELECT s.stage, s.target, c.oid, c.relname, t.ftserver, t.ftoptions
                    FROM (VALUES
            """);
        using (body.Indent())
        {
            using (body.Indent())
            {
                using (body.Indent())
                {
                    for (var i = 0; i < stages.Count; i++)
                    {
                        body.Line("(" + (i + 1).ToString(CultureInfo.InvariantCulture) + ", " + SqlText.Literal(stages[i].Stage) + ", " + SqlText.Literal(stages[i].Target) + ")" + (i < stages.Count - 1 ? "," : ""));
                    }
                }
            }
        }

        body.Lines("""
                    ) AS s(position, stage, target)
                    JOIN pg_catalog.pg_namespace n ON n.nspname = s.stage
                    JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
                    JOIN pg_catalog.pg_foreign_table t ON t.ftrelid = c.oid
                    ORDER BY s.position, c.relname
                LOOP
                    CONTINUE WHEN pg_catalog.format('%I.%I', staged.target, staged.relname) = ANY (claimed);
                    claimed := claimed || pg_catalog.format('%I.%I', staged.target, staged.relname);
                    SELECT c.oid, c.relkind, t.ftserver, t.ftoptions, pg_catalog.obj_description(c.oid, 'pg_class') AS mark INTO existing
                    FROM pg_catalog.pg_class c
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    LEFT JOIN pg_catalog.pg_foreign_table t ON t.ftrelid = c.oid
                    WHERE n.nspname = staged.target AND c.relname = staged.relname;
                    IF NOT FOUND THEN
                        EXECUTE pg_catalog.format('ALTER FOREIGN TABLE %I.%I SET SCHEMA %I', staged.stage, staged.relname, staged.target);
                        EXECUTE pg_catalog.format('COMMENT ON FOREIGN TABLE %I.%I IS %L', staged.target, staged.relname, pgx_mark);
                    ELSIF existing.relkind <> 'f' THEN
                        RAISE EXCEPTION USING ERRCODE = 'duplicate_table', MESSAGE = pg_catalog.format('%I.%I exists and is not a foreign table; Pgx will not replace it', staged.target, staged.relname);
                    ELSIF existing.mark IS DISTINCT FROM pgx_mark AND (existing.mark IS NOT NULL OR existing.ftserver <> staged.ftserver) THEN
                        RAISE EXCEPTION USING ERRCODE = 'duplicate_table',
                            MESSAGE = pg_catalog.format('%I.%I is a foreign table that Pgx did not make for this model (its comment: %L); Pgx will not change or replace it', staged.target, staged.relname, COALESCE(existing.mark, '(none)')),
                            HINT = pg_catalog.format('Drop or rename it; or, to hand it to Pgx, COMMENT ON FOREIGN TABLE %I.%I IS %L', staged.target, staged.relname, pgx_mark);
                    ELSIF existing.ftserver <> staged.ftserver THEN
                        EXECUTE pg_catalog.format('DROP FOREIGN TABLE %I.%I', staged.target, staged.relname);
                        EXECUTE pg_catalog.format('ALTER FOREIGN TABLE %I.%I SET SCHEMA %I', staged.stage, staged.relname, staged.target);
                        EXECUTE pg_catalog.format('COMMENT ON FOREIGN TABLE %I.%I IS %L', staged.target, staged.relname, pgx_mark);
                    ELSE
                        IF existing.mark IS NULL THEN
                            EXECUTE pg_catalog.format('COMMENT ON FOREIGN TABLE %I.%I IS %L', staged.target, staged.relname, pgx_mark);
                        END IF;
                        WITH want AS (
            """);
        body.Lines(ColumnsOf("staged.oid", "                "));
        body.Lines("""
                        ), have AS (
            """);
        body.Lines(ColumnsOf("existing.oid", "                "));
        body.Lines("""
                        )
                        SELECT pg_catalog.string_agg(a.action, ', ' ORDER BY a.position, a.step) INTO actions FROM (
                            SELECT h.attnum AS position, 0 AS step, pg_catalog.format('DROP COLUMN %I', h.attname) AS action
                            FROM have h WHERE NOT EXISTS (SELECT FROM want w WHERE w.attname = h.attname)
                            UNION ALL
                            SELECT w.attnum, 1, pg_catalog.format('ADD COLUMN %I %s', w.attname, w.col_type)
                                || COALESCE(' OPTIONS (' || w.col_options || ')', '') || w.col_collate || CASE WHEN w.attnotnull THEN ' NOT NULL' ELSE '' END
                            FROM want w WHERE NOT EXISTS (SELECT FROM have h WHERE h.attname = w.attname)
                            UNION ALL
                            SELECT w.attnum, 2, pg_catalog.format('ALTER COLUMN %I TYPE %s', w.attname, w.col_type) || w.col_collate
                            FROM want w JOIN have h ON h.attname = w.attname WHERE (w.col_type, w.col_collate) IS DISTINCT FROM (h.col_type, h.col_collate)
                            UNION ALL
                            SELECT w.attnum, 3, pg_catalog.format('ALTER COLUMN %I %s NOT NULL', w.attname, CASE WHEN w.attnotnull THEN 'SET' ELSE 'DROP' END)
                            FROM want w JOIN have h ON h.attname = w.attname WHERE w.attnotnull <> h.attnotnull
                            UNION ALL
                            SELECT w.attnum, 4, pg_catalog.format('ALTER COLUMN %I OPTIONS (%s)', w.attname, d.changes)
                            FROM want w JOIN have h ON h.attname = w.attname
            """);
        body.Lines("                CROSS JOIN LATERAL (SELECT " + OptionChanges("pg_catalog.pg_options_to_table(w.attfdwoptions)", "pg_catalog.pg_options_to_table(h.attfdwoptions)", "                    ") + " AS changes) d");
        body.Lines("""
                            WHERE d.changes IS NOT NULL
                            UNION ALL
                            SELECT 2147483647, 0, 'OPTIONS (' || d.changes || ')'
            """);
        body.Lines("                FROM (SELECT " + OptionChanges("pg_catalog.pg_options_to_table(staged.ftoptions)", "pg_catalog.pg_options_to_table(existing.ftoptions)", "                    ") + " AS changes) d");
        body.Lines("""
                            WHERE d.changes IS NOT NULL
                        ) a;
                        IF actions IS NOT NULL THEN
                            EXECUTE pg_catalog.format('ALTER FOREIGN TABLE %I.%I ', staged.target, staged.relname) || actions;
                        END IF;
                    END IF;
                END LOOP;
            """);
        if (!imports.IsEmpty)
        {
            body.Lines("""
                    -- Imported tables the remote no longer has (or the import no longer selects): only those Pgx made
                    -- for this model; hand-made foreign tables and other services' stay.
                    FOR stale IN
                        SELECT DISTINCT n.nspname, c.relname
                        FROM (VALUES
                """);
            using (body.Indent())
            {
                using (body.Indent())
                {
                    using (body.Indent())
                    {
                        for (var i = 0; i < imports.Count; i++)
                        {
                            body.Line("(" + SqlText.Literal(imports[i].LocalSchema) + ", " + SqlText.Literal(imports[i].Server) + ", " + SqlText.Literal(imports[i].RemoteSchema) + ")" + (i < imports.Count - 1 ? "," : ""));
                        }
                    }
                }
            }

            body.Lines("""
                        ) AS i(target, server_name, remote_schema)
                        JOIN pg_catalog.pg_namespace n ON n.nspname = i.target
                        JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
                        JOIN pg_catalog.pg_foreign_table t ON t.ftrelid = c.oid
                        JOIN pg_catalog.pg_foreign_server s ON s.oid = t.ftserver AND s.srvname = i.server_name
                        WHERE EXISTS (SELECT FROM pg_catalog.pg_options_to_table(t.ftoptions) o WHERE o.option_name = 'schema_name' AND o.option_value = i.remote_schema)
                          AND pg_catalog.obj_description(c.oid, 'pg_class') = pgx_mark
                          AND pg_catalog.format('%I.%I', n.nspname, c.relname) <> ALL (claimed)
                        ORDER BY n.nspname, c.relname
                    LOOP
                        EXECUTE pg_catalog.format('DROP FOREIGN TABLE %I.%I', stale.nspname, stale.relname);
                    END LOOP;
                """);
        }

        body.Line("END");
        WriteDo(sql, body.ToString());
    }

    /// <summary>A relation's columns as the convergence compares them: type and collation apart, as DDL wants them.</summary>
    private static string ColumnsOf(string relation, string indent) =>
        indent + "SELECT a.attname, a.attnum, a.attnotnull, a.attfdwoptions, pg_catalog.format_type(a.atttypid, a.atttypmod) AS col_type,\n"
        + indent + "       CASE WHEN a.attcollation <> y.typcollation THEN ' COLLATE ' || a.attcollation::pg_catalog.regcollation::text ELSE '' END AS col_collate,\n"
        + indent + "       (SELECT pg_catalog.string_agg(pg_catalog.format('%I %L', o.option_name, o.option_value), ', ') FROM pg_catalog.pg_options_to_table(a.attfdwoptions) o) AS col_options\n"
        + indent + "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type y ON y.oid = a.atttypid\n"
        + indent + "WHERE a.attrelid = " + relation + " AND a.attnum > 0 AND NOT a.attisdropped";

    /// <summary>
    /// A scalar subquery: the <c>OPTIONS (…)</c> clause (ADD / SET / DROP) that turns the options of
    /// <paramref name="existing"/> into those of <paramref name="wanted"/>, or NULL when they already match.
    /// Both are row sources with <c>option_name</c> and <c>option_value</c> columns.
    /// </summary>
    public static string OptionChanges(string wanted, string existing, string indent = "") => (
        "(SELECT pg_catalog.string_agg(CASE WHEN pgx_e.option_name IS NULL THEN pg_catalog.format('ADD %I %L', pgx_w.option_name, pgx_w.option_value)\n"
        + "                                 WHEN pgx_w.option_name IS NULL THEN pg_catalog.format('DROP %I', pgx_e.option_name)\n"
        + "                                 ELSE pg_catalog.format('SET %I %L', pgx_w.option_name, pgx_w.option_value) END,\n"
        + "                            ', ' ORDER BY COALESCE(pgx_w.option_name, pgx_e.option_name))\n"
        + "    FROM " + wanted + " AS pgx_w(option_name, option_value)\n"
        + "    FULL JOIN " + existing + " AS pgx_e(option_name, option_value) ON pgx_e.option_name = pgx_w.option_name\n"
        + "    WHERE pgx_w.option_value IS DISTINCT FROM pgx_e.option_value)").Replace("\n", "\n" + indent);

    /// <summary>Writes a <c>DO</c> block around <paramref name="body"/>, with a dollar tag the body does not contain.</summary>
    public static void WriteDo(SourceWriter sql, string body)
    {
        var tag = SqlText.DollarTag(body);
        sql.Line("DO " + tag);
        sql.Lines(body.TrimStart('\n').TrimEnd('\n'));
        sql.Line(tag + ";");
    }
}
