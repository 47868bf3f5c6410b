using System.Globalization;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// What makes the refresh statements a psql script (<c>PgxSchema.ForeignSql</c>): the psql variables turned into
/// the transaction-local settings the statements read, and the check that every server's link works before the
/// tables are refreshed. <c>PgxSchema.ApplyAsync</c> does both its own way and runs only the statements.
/// </summary>
internal static class ForeignPsqlEmitter
{
    /// <summary>The temporary table the passwords pass through; it lives only until the settings are made.</summary>
    private const string SecretsTable = "pg_temp.pgx_foreign_secrets";

    /// <summary>The environment variable psql hands a password to the program that feeds it to COPY.</summary>
    private const string SecretVariable = "PGX_FOREIGN_SECRET";

    /// <summary>
    /// Defaults for the optional variables, a clear error for a missing user or password, and the variables
    /// turned into transaction-local settings. Host, port, database and user go in as literals of a
    /// <c>SELECT</c> with no output columns. A password never appears in a statement, where
    /// <c>log_statement</c>, duration logs, pgaudit and <c>pg_stat_activity</c> would show it: psql hands it to a
    /// shell through the environment, the shell hex-encodes it into <c>\copy … from program</c>, and the server
    /// decodes the COPY data, which no log shows. It opens no transaction and takes no lock: the pgx.foreign.sql
    /// artifact wraps the script in BEGIN … COMMIT under the advisory lock (or a migration tool runs it in its
    /// own transaction), and <c>psql -1</c> does for the bare constant.
    /// </summary>
    public static string RenderPrologue(ForeignSpec foreign)
    {
        var sql = new SourceWriter();
        var required = foreign.Servers.SelectMany(s => new[] { ForeignVariables.Variable(s.Name, "user"), ForeignVariables.Variable(s.Name, "password") });
        var optional = foreign.Servers.SelectMany(s => new[] { "host", "port", "dbname" }.Select(o => ForeignVariables.Variable(s.Name, o)));
        sql.Line("-- Pgx foreign objects (postgres_fdw), a psql script for one transaction. Credentials are psql variables:");
        sql.Line("--   " + string.Join(" ", required.Select(v => "-v " + v + "=…")));
        sql.Line("-- Optional, defaulting to [assembly: ForeignServer]: " + string.Join(", ", optional) + ".");
        sql.Line("-- Passwords reach the server as COPY data through \\copy … from program, which needs a POSIX shell (sh, od, tr).");
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

        var settings = foreign.Servers.SelectMany(s => ForeignVariables.Options.Where(o => o != "password")
            .Select(o => (Setting: ForeignVariables.Setting(s.Name, o), Variable: ForeignVariables.Variable(s.Name, o)))).ToList();
        sql.Line("SELECT FROM (VALUES");
        using (sql.Indent())
        {
            for (var i = 0; i < settings.Count; i++)
            {
                sql.Line("(pg_catalog.set_config(" + SqlText.Literal(settings[i].Setting) + ", :'" + settings[i].Variable + "', true))" + (i < settings.Count - 1 ? "," : ""));
            }
        }

        sql.Line(") AS pgx(setting);");
        sql.Line("CREATE TEMPORARY TABLE pgx_foreign_secrets (setting text NOT NULL, value text NOT NULL) ON COMMIT DROP;");
        foreach (var server in foreign.Servers)
        {
            // Setting names are letters, digits, '_' and '.', so they are safe inside the shell's double quotes.
            sql.Line("\\setenv " + SecretVariable + " :" + ForeignVariables.Variable(server.Name, "password"));
            sql.Line("\\copy " + SecretsTable + " from program 'printf \"" + ForeignVariables.Setting(server.Name, "password")
                + "\\t\"; printf %s \"$" + SecretVariable + "\" | od -An -v -tx1 | tr -d \" \\n\"'");
            sql.Line("\\setenv " + SecretVariable);
        }

        var decode = " BEGIN PERFORM pg_catalog.set_config(s.setting, pg_catalog.convert_from(pg_catalog.decode(s.value, 'hex'), pg_catalog.pg_client_encoding()), true) FROM "
            + SecretsTable + " s; DROP TABLE " + SecretsTable + "; END ";
        var decodeTag = SqlText.DollarTag(decode);
        sql.Line("DO " + decodeTag + decode + decodeTag + ";");
        return sql.ToString();
    }

    /// <summary>
    /// Proves each server's link through its new definition before any foreign table is touched: a probe
    /// foreign table on the remote <c>pg_catalog.pg_namespace</c>, read once and dropped. A failure is raised
    /// again naming server, host, port, database, user and SQLSTATE, so psql stops and nothing is committed.
    /// </summary>
    public static string RenderLinkCheck(ForeignSpec foreign)
    {
        if (foreign.Servers.IsEmpty)
        {
            return "";
        }

        var sql = new SourceWriter();
        var body = new SourceWriter();
        body.Line();
        body.Lines("""
            DECLARE
                srv record;
                state text;
                failure text;
                detail text;
            BEGIN
                FOR srv IN
                    SELECT s.srvname,
                           (SELECT o.option_value FROM pg_catalog.pg_options_to_table(s.srvoptions) o WHERE o.option_name = 'host') AS host,
                           (SELECT o.option_value FROM pg_catalog.pg_options_to_table(s.srvoptions) o WHERE o.option_name = 'port') AS port,
                           (SELECT o.option_value FROM pg_catalog.pg_options_to_table(s.srvoptions) o WHERE o.option_name = 'dbname') AS dbname,
                           (SELECT o.option_value FROM pg_catalog.pg_options_to_table(m.umoptions) o WHERE o.option_name = 'user') AS login
                    FROM pg_catalog.pg_foreign_server s
                    LEFT JOIN pg_catalog.pg_user_mappings m ON m.srvid = s.oid AND m.umuser = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER)
            """);
        body.Line("        WHERE s.srvname IN (" + string.Join(", ", foreign.Servers.Select(s => SqlText.Literal(s.Name))) + ")");
        body.Lines("""
                    ORDER BY s.srvname
                LOOP
                    BEGIN
                        CREATE SCHEMA pgx_foreign_link;
                        EXECUTE pg_catalog.format('CREATE FOREIGN TABLE pgx_foreign_link.probe () SERVER %I OPTIONS (schema_name %L, table_name %L)', srv.srvname, 'pg_catalog', 'pg_namespace');
                        EXECUTE 'SELECT FROM pgx_foreign_link.probe LIMIT 1';
                        DROP SCHEMA pgx_foreign_link CASCADE;
                    EXCEPTION WHEN OTHERS THEN
                        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, failure = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
                        RAISE EXCEPTION USING ERRCODE = state, DETAIL = detail,
                            MESSAGE = pg_catalog.format('foreign server %I (host %s, port %s, dbname %s, user %s) cannot be reached through its new definition: SQLSTATE %s: %s',
                                srv.srvname, COALESCE(srv.host, '(default)'), COALESCE(srv.port, '(default)'), COALESCE(srv.dbname, '(default)'), COALESCE(srv.login, '(none)'), state, failure),
                            HINT = 'Nothing was applied: the previous definition of the server and its user mapping stays in place.';
                    END;
                END LOOP;
            END
            """);
        ForeignTableSqlEmitter.WriteDo(sql, body.ToString());
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
}
