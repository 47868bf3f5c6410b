using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Pgx.Generators.Model;

namespace Pgx.Generators.Emit;

/// <summary>
/// The postgres_fdw refresh script (<c>PgxSchema.ForeignSql</c>): the seed article's "drop everything and
/// recreate it" done properly. Servers and the current user's mappings are created when missing and their
/// options changed only where they differ. Foreign tables — typed records and imported schemas — are built in
/// staging schemas, then moved in when new, or compared with the existing table and altered in place only where
/// they differ (so grants, owners and views on them survive), and imported tables that vanished remotely are
/// dropped. All of it runs in one transaction: a query on a table being changed waits, then succeeds; a
/// re-apply with nothing to change locks no foreign table at all.
/// </summary>
internal static class ForeignSqlEmitter
{
    /// <summary>The staging schemas' name prefix; they exist only inside the refresh transaction.</summary>
    public const string StagingPrefix = "pgx_foreign_staging_";

    private static readonly string[] ServerOptions = { "host", "port", "dbname", "fetch_size", "use_remote_estimate", "async_capable", "batch_size" };

    /// <summary>The typed foreign tables on declared servers, in (schema, name) order.</summary>
    public static List<TableSpec> TypedTables(EquatableArray<TableSpec> tables, ForeignSpec foreign) =>
        tables.Where(t => t.Foreign is { } f && foreign.Servers.Any(s => s.Name == f.Server)).ToList();

    /// <summary>The refresh statements, which read connection settings with <c>current_setting</c>.</summary>
    public static string RenderStatements(EquatableArray<TableSpec> tables, ForeignSpec foreign)
    {
        var sql = new SourceWriter();
        sql.Line("-- postgres_fdw: servers, the current user's mappings, schemas and foreign tables. Idempotent: what is");
        sql.Line("-- already as declared is left alone; foreign tables are staged, compared with the existing ones and");
        sql.Line("-- altered in place only where they differ, in this one transaction.");
        sql.Line("CREATE EXTENSION IF NOT EXISTS postgres_fdw;");
        WriteServers(sql, foreign);

        var typed = TypedTables(tables, foreign);
        var stages = new List<(string Stage, string Target)>();
        var schemas = typed.Select(t => t.Schema).Concat(foreign.Imports.Select(i => i.LocalSchema))
            .Where(s => s != "public").Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        if (typed.Count == 0 && foreign.Imports.IsEmpty)
        {
            return sql.ToString();
        }

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

        WriteConverge(sql, stages, foreign.Imports);
        sql.Line("DROP SCHEMA " + string.Join(", ", stages.Select(s => s.Stage)) + " CASCADE;");
        return sql.ToString();
    }

    /// <summary>
    /// What makes the statements a psql script: defaults for the optional variables, a clear error for a
    /// missing user or password, and the variables turned into the transaction-local settings the statements
    /// read — in a <c>SELECT</c> with no output columns, so nothing secret is printed. It opens no transaction
    /// and takes no lock: the pgx.foreign.sql artifact wraps the script in BEGIN … COMMIT under the advisory
    /// lock (or a migration tool runs it in its own transaction), and <c>psql -1</c> does for the bare constant.
    /// </summary>
    public static string RenderPsqlPrologue(ForeignSpec foreign)
    {
        var sql = new SourceWriter();
        var required = foreign.Servers.SelectMany(s => new[] { ForeignVariables.Variable(s.Name, "user"), ForeignVariables.Variable(s.Name, "password") });
        var optional = foreign.Servers.SelectMany(s => new[] { "host", "port", "dbname" }.Select(o => ForeignVariables.Variable(s.Name, o)));
        sql.Line("-- Pgx foreign objects (postgres_fdw), a psql script for one transaction. Credentials are psql variables:");
        sql.Line("--   " + string.Join(" ", required.Select(v => "-v " + v + "=…")));
        sql.Line("-- Optional, defaulting to [assembly: ForeignServer]: " + string.Join(", ", optional) + ".");
        sql.Line("\\set ON_ERROR_STOP on");
        foreach (var server in foreign.Servers)
        {
            WriteDefault(sql, ForeignVariables.Variable(server.Name, "host"), server.Host ?? "");
            WriteDefault(sql, ForeignVariables.Variable(server.Name, "port"), server.Port > 0 ? server.Port.ToString(CultureInfo.InvariantCulture) : "");
            WriteDefault(sql, ForeignVariables.Variable(server.Name, "dbname"), server.DbName ?? "");
        }

        foreach (var server in foreign.Servers)
        {
            foreach (var option in new[] { "user", "password" })
            {
                var variable = ForeignVariables.Variable(server.Name, option);
                var message = "psql variable " + variable + " is not set: the " + option + " for foreign server " + server.Name + " (psql -v " + variable + "=…)";
                var body = " BEGIN RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = " + SqlText.Literal(message) + "; END ";
                var tag = SqlText.DollarTag(body);
                sql.Line("\\if :{?" + variable + "}");
                sql.Line("\\else");
                sql.Line("DO " + tag + body + tag + ";");
                sql.Line("\\endif");
            }
        }

        var settings = foreign.Servers.SelectMany(s => ForeignVariables.Options.Select(o => (Setting: ForeignVariables.Setting(s.Name, o), Variable: ForeignVariables.Variable(s.Name, o)))).ToList();
        sql.Line("SELECT FROM (VALUES");
        using (sql.Indent())
        {
            for (var i = 0; i < settings.Count; i++)
            {
                sql.Line("(pg_catalog.set_config(" + SqlText.Literal(settings[i].Setting) + ", :'" + settings[i].Variable + "', true))" + (i < settings.Count - 1 ? "," : ""));
            }
        }

        sql.Line(") AS pgx(setting);");
        return sql.ToString();
    }

    /// <summary>
    /// A psql meta-command argument: single-quoted, with quotes doubled and backslashes and line breaks escaped,
    /// since psql reads <c>\n</c>-style escapes inside quotes and ends a meta-command at a line break.
    /// </summary>
    public static string PsqlArgument(string value) =>
        "'" + value.Replace("\\", "\\\\").Replace("'", "''").Replace("\n", "\\n").Replace("\r", "\\r") + "'";

    private static void WriteDefault(SourceWriter sql, string variable, string value)
    {
        sql.Line("\\if :{?" + variable + "}");
        sql.Line("\\else");
        sql.Line("\\set " + variable + " " + PsqlArgument(value));
        sql.Line("\\endif");
    }

    private static void WriteServers(SourceWriter sql, ForeignSpec foreign)
    {
        if (foreign.Servers.IsEmpty)
        {
            return;
        }

        var rows = foreign.Servers.Select(s =>
            "(" + SqlText.Literal(s.Name) + ", ARRAY[" + string.Join(", ", ServerOptionValues(s)) + "], ARRAY["
            + Setting(s, "user") + ", " + Setting(s, "password") + "])").ToList();
        var body = new SourceWriter();
        body.Line();
        body.Line("DECLARE");
        using (body.Indent())
        {
            body.Line("managed constant text[] := ARRAY[" + string.Join(", ", ServerOptions.Select(SqlText.Literal)) + "];");
            body.Line("srv record;");
            body.Line("changes text;");
        }

        body.Line("BEGIN");
        using (body.Indent())
        {
            body.Line("FOR srv IN");
            using (body.Indent())
            {
                body.Line("SELECT * FROM (VALUES");
                using (body.Indent())
                {
                    for (var i = 0; i < rows.Count; i++)
                    {
                        body.Line(rows[i] + (i < rows.Count - 1 ? "," : ""));
                    }
                }

                body.Line(") AS s(name, option_values, login)");
            }

            body.Line("LOOP");
            using (body.Indent())
            {
                body.Lines("""
                    IF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server WHERE srvname = srv.name) THEN
                        EXECUTE pg_catalog.format('CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw', srv.name);
                    ELSIF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
                                      WHERE s.srvname = srv.name AND w.fdwname = 'postgres_fdw') THEN
                        RAISE EXCEPTION USING ERRCODE = 'duplicate_object', MESSAGE = pg_catalog.format('foreign server %I exists but does not use postgres_fdw', srv.name);
                    END IF;
                    """);
                body.Lines("changes := " + OptionChanges(
                    "(SELECT o.name AS option_name, o.value AS option_value FROM ROWS FROM (pg_catalog.unnest(managed), pg_catalog.unnest(srv.option_values)) AS o(name, value) WHERE o.value <> '')",
                    "(SELECT * FROM pg_catalog.pg_options_to_table((SELECT srvoptions FROM pg_catalog.pg_foreign_server WHERE srvname = srv.name)) WHERE option_name = ANY (managed))") + ";");
                body.Lines("""
                    IF changes IS NOT NULL THEN
                        EXECUTE pg_catalog.format('ALTER SERVER %I OPTIONS (%s)', srv.name, changes);
                    END IF;
                    IF NOT EXISTS (SELECT FROM pg_catalog.pg_user_mappings m WHERE m.srvname = srv.name AND m.umuser = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER)) THEN
                        EXECUTE pg_catalog.format('CREATE USER MAPPING FOR CURRENT_USER SERVER %I', srv.name);
                    END IF;
                    """);
                body.Lines("changes := " + OptionChanges(
                    "(VALUES ('user', srv.login[1]), ('password', srv.login[2]))",
                    "(SELECT * FROM pg_catalog.pg_options_to_table((SELECT m.umoptions FROM pg_catalog.pg_user_mappings m WHERE m.srvname = srv.name AND m.umuser = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER))) WHERE option_name IN ('user', 'password'))") + ";");
                body.Lines("""
                    IF changes IS NOT NULL THEN
                        EXECUTE pg_catalog.format('ALTER USER MAPPING FOR CURRENT_USER SERVER %I OPTIONS (%s)', srv.name, changes);
                    END IF;
                    """);
            }

            body.Line("END LOOP;");
        }

        body.Line("END");
        WriteDo(sql, body.ToString());
    }

    private static IEnumerable<string> ServerOptionValues(ForeignServerSpec server)
    {
        yield return Setting(server, "host");
        yield return Setting(server, "port");
        yield return Setting(server, "dbname");
        yield return SqlText.Literal(server.FetchSize > 0 ? server.FetchSize.ToString(CultureInfo.InvariantCulture) : "");
        yield return SqlText.Literal(server.UseRemoteEstimate ? "true" : "");
        yield return SqlText.Literal(server.AsyncCapable ? "true" : "");
        yield return SqlText.Literal(server.BatchSize > 0 ? server.BatchSize.ToString(CultureInfo.InvariantCulture) : "");
    }

    private static string Setting(ForeignServerSpec server, string option) =>
        "pg_catalog.current_setting(" + SqlText.Literal(ForeignVariables.Setting(server.Name, option)) + ")";

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
    /// Moves each staged table in, or alters the existing one to match it; a typed record's table wins over an
    /// imported one of the same name. Then drops the imported tables the remote no longer has.
    /// </summary>
    private static void WriteConverge(SourceWriter sql, List<(string Stage, string Target)> stages, EquatableArray<ImportForeignSchemaSpec> imports)
    {
        var body = new SourceWriter();
        body.Line();
        body.Lines("""
            DECLARE
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
                    SELECT c.oid, c.relkind, t.ftserver, t.ftoptions INTO existing
                    FROM pg_catalog.pg_class c
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    LEFT JOIN pg_catalog.pg_foreign_table t ON t.ftrelid = c.oid
                    WHERE n.nspname = staged.target AND c.relname = staged.relname;
                    IF NOT FOUND THEN
                        EXECUTE pg_catalog.format('ALTER FOREIGN TABLE %I.%I SET SCHEMA %I', staged.stage, staged.relname, staged.target);
                    ELSIF existing.relkind <> 'f' THEN
                        RAISE EXCEPTION USING ERRCODE = 'duplicate_table', MESSAGE = pg_catalog.format('%I.%I exists and is not a foreign table; Pgx will not replace it', staged.target, staged.relname);
                    ELSIF existing.ftserver <> staged.ftserver THEN
                        EXECUTE pg_catalog.format('DROP FOREIGN TABLE %I.%I', staged.target, staged.relname);
                        EXECUTE pg_catalog.format('ALTER FOREIGN TABLE %I.%I SET SCHEMA %I', staged.stage, staged.relname, staged.target);
                    ELSE
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
                    -- Imported tables the remote no longer has (or the import no longer selects).
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
    private static string OptionChanges(string wanted, string existing, string indent = "") => (
        "(SELECT pg_catalog.string_agg(CASE WHEN pgx_e.option_name IS NULL THEN pg_catalog.format('ADD %I %L', pgx_w.option_name, pgx_w.option_value)\n"
        + "                                 WHEN pgx_w.option_name IS NULL THEN pg_catalog.format('DROP %I', pgx_e.option_name)\n"
        + "                                 ELSE pg_catalog.format('SET %I %L', pgx_w.option_name, pgx_w.option_value) END,\n"
        + "                            ', ' ORDER BY COALESCE(pgx_w.option_name, pgx_e.option_name))\n"
        + "    FROM " + wanted + " AS pgx_w(option_name, option_value)\n"
        + "    FULL JOIN " + existing + " AS pgx_e(option_name, option_value) ON pgx_e.option_name = pgx_w.option_name\n"
        + "    WHERE pgx_w.option_value IS DISTINCT FROM pgx_e.option_value)").Replace("\n", "\n" + indent);

    private static void WriteDo(SourceWriter sql, string body)
    {
        var tag = SqlText.DollarTag(body);
        sql.Line("DO " + tag);
        sql.Lines(body.TrimStart('\n').TrimEnd('\n'));
        sql.Line(tag + ";");
    }
}
