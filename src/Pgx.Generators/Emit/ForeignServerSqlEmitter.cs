using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Pgx.Generators.Model;
using Pgx.Generators.Sql;

namespace Pgx.Generators.Emit;

/// <summary>
/// The first part of the postgres_fdw refresh: the extension, each declared server and the current user's
/// mapping. A server is created when missing; of its options, only those this apply supplies (from the
/// attribute, Pgx's defaults for the ones it leaves out, or at run time) are set, so an option an administrator
/// set and Pgx has no value for (a <c>FetchSize</c> or <c>BatchSize</c> of 0, no <c>Extensions</c>) is kept. The
/// mapping's user and password change only when they differ, so a re-apply with the same password runs no
/// statement that holds it.
/// </summary>
internal static class ForeignServerSqlEmitter
{
    private static readonly string[] ServerOptions = { "host", "port", "dbname", "fetch_size", "use_remote_estimate", "async_capable", "batch_size", "extensions" };

    /// <summary>The statements, which read connection settings with <c>current_setting</c>.</summary>
    public static string Render(ForeignSpec foreign)
    {
        var sql = new SourceWriter();
        sql.Line("-- postgres_fdw: servers, the current user's mappings, schemas and foreign tables. Idempotent: what is");
        sql.Line("-- already as declared is left alone; foreign tables are staged, compared with the existing ones and");
        sql.Line("-- altered in place only where they differ, in this one transaction.");
        sql.Line("CREATE EXTENSION IF NOT EXISTS postgres_fdw;");
        if (foreign.Servers.IsEmpty)
        {
            return sql.ToString();
        }

        // The login is passed as the names of the settings that hold it, never as values: a statement inside
        // the block that used the password as a parameter would show it to pgaudit.log_parameter.
        var rows = foreign.Servers.Select(s =>
            "(" + SqlText.Literal(s.Name) + ", ARRAY[" + string.Join(", ", ServerOptionValues(s)) + "], "
            + SqlText.Literal(ForeignVariables.Setting(s.Name, "user")) + ", " + SqlText.Literal(ForeignVariables.Setting(s.Name, "password")) + ")").ToList();
        var body = new SourceWriter();
        body.Line();
        body.Line("DECLARE");
        using (body.Indent())
        {
            body.Line("managed constant text[] := ARRAY[" + string.Join(", ", ServerOptions.Select(SqlText.Literal)) + "];");
            body.Line("srv record;");
            body.Line("supplied text[];");
            body.Line("changes text;");
            body.Line("state text;");
            body.Line("failure text;");
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

                body.Line(") AS s(name, option_values, user_setting, password_setting)");
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
                    -- Only the options with a value here are Pgx's to set; the others are left as they are.
                    supplied := ARRAY(SELECT o.name FROM ROWS FROM (pg_catalog.unnest(managed), pg_catalog.unnest(srv.option_values)) AS o(name, value) WHERE o.value <> '');
                    """);
                body.Lines("changes := " + ForeignTableSqlEmitter.OptionChanges(
                    "(SELECT o.name AS option_name, o.value AS option_value FROM ROWS FROM (pg_catalog.unnest(managed), pg_catalog.unnest(srv.option_values)) AS o(name, value) WHERE o.value <> '')",
                    "(SELECT * FROM pg_catalog.pg_options_to_table((SELECT srvoptions FROM pg_catalog.pg_foreign_server WHERE srvname = srv.name)) WHERE option_name = ANY (supplied))") + ";");
                body.Lines("""
                    IF changes IS NOT NULL THEN
                        EXECUTE pg_catalog.format('ALTER SERVER %I OPTIONS (%s)', srv.name, changes);
                    END IF;
                    IF NOT EXISTS (SELECT FROM pg_catalog.pg_user_mappings m WHERE m.srvname = srv.name AND m.umuser = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER)) THEN
                        EXECUTE pg_catalog.format('CREATE USER MAPPING FOR CURRENT_USER SERVER %I', srv.name);
                    END IF;
                    """);
                body.Lines("changes := " + ForeignTableSqlEmitter.OptionChanges(
                    "(VALUES ('user', pg_catalog.current_setting(srv.user_setting)), ('password', pg_catalog.current_setting(srv.password_setting)))",
                    "(SELECT * FROM pg_catalog.pg_options_to_table((SELECT m.umoptions FROM pg_catalog.pg_user_mappings m WHERE m.srvname = srv.name AND m.umuser = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER))) WHERE option_name IN ('user', 'password'))") + ";");
                body.Lines("""
                    IF changes IS NOT NULL THEN
                        -- This statement holds the password. Should it fail, the error is raised again without it:
                        -- the server log would otherwise quote the statement as the error's context. And the
                        -- variable is cleared at once: pgaudit.log_parameter shows every variable of this block
                        -- with each statement it runs.
                        BEGIN
                            EXECUTE pg_catalog.format('ALTER USER MAPPING FOR CURRENT_USER SERVER %I OPTIONS (%s)', srv.name, changes);
                            changes := NULL;
                        EXCEPTION WHEN OTHERS THEN
                            changes := NULL;
                            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, failure = MESSAGE_TEXT;
                            RAISE EXCEPTION USING ERRCODE = state, MESSAGE = pg_catalog.format('could not set the user mapping of %I on foreign server %I: %s', CURRENT_USER, srv.name, failure);
                        END;
                    END IF;
                    """);
            }

            body.Line("END LOOP;");
        }

        body.Line("END");
        ForeignTableSqlEmitter.WriteDo(sql, body.ToString());
        return sql.ToString();
    }

    private static IEnumerable<string> ServerOptionValues(ForeignServerSpec server)
    {
        yield return Setting(server, "host");
        yield return Setting(server, "port");
        yield return Setting(server, "dbname");
        yield return SqlText.Literal(server.FetchSize > 0 ? server.FetchSize.ToString(CultureInfo.InvariantCulture) : "");
        yield return SqlText.Literal(server.UseRemoteEstimate ? "true" : "false");
        yield return SqlText.Literal(server.AsyncCapable ? "true" : "false");
        yield return SqlText.Literal(server.BatchSize > 0 ? server.BatchSize.ToString(CultureInfo.InvariantCulture) : "");
        // postgres_fdw splits the list as identifiers (unquoted ones folded to lower case), so each is quoted as one.
        yield return SqlText.Literal(string.Join(",", server.Extensions.Select(SqlText.Identifier)));
    }

    private static string Setting(ForeignServerSpec server, string option) =>
        "pg_catalog.current_setting(" + SqlText.Literal(ForeignVariables.Setting(server.Name, option)) + ")";
}
