-- Pgx foreign objects (postgres_fdw), a psql script for one transaction. Credentials are psql variables:
--   -v app_db_user=… -v app_db_password=…
-- Optional, defaulting to [assembly: ForeignServer]: app_db_host, app_db_port, app_db_dbname.
-- Passwords reach the server as COPY data through \copy … from program, which needs a POSIX shell (sh, od, tr).
\set ON_ERROR_STOP on
\if :{?app_db_host}
\else
\set app_db_host 'localhost'
\endif
\if :{?app_db_port}
\else
\set app_db_port '5432'
\endif
\if :{?app_db_dbname}
\else
\set app_db_dbname 'app'
\endif
\if :{?app_db_user}
\else
DO $pgx$ BEGIN RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'psql variable app_db_user is not set: the user for foreign server app_db (psql -v app_db_user=…)'; END $pgx$;
\endif
\if :{?app_db_password}
\else
DO $pgx$ BEGIN RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'psql variable app_db_password is not set: the password for foreign server app_db (psql -v app_db_password=…)'; END $pgx$;
\endif
SELECT FROM (VALUES
    (pg_catalog.set_config('pgx.app_db_host', :'app_db_host', true)),
    (pg_catalog.set_config('pgx.app_db_port', :'app_db_port', true)),
    (pg_catalog.set_config('pgx.app_db_dbname', :'app_db_dbname', true)),
    (pg_catalog.set_config('pgx.app_db_user', :'app_db_user', true))
) AS pgx(setting);
CREATE TEMPORARY TABLE pgx_foreign_secrets (setting text NOT NULL, value text NOT NULL) ON COMMIT DROP;
\setenv PGX_FOREIGN_SECRET :app_db_password
\copy pg_temp.pgx_foreign_secrets from program 'printf "pgx.app_db_password\t"; printf %s "$PGX_FOREIGN_SECRET" | od -An -v -tx1 | tr -d " \n"'
\setenv PGX_FOREIGN_SECRET
DO $pgx$ BEGIN PERFORM pg_catalog.set_config(s.setting, pg_catalog.convert_from(pg_catalog.decode(s.value, 'hex'), pg_catalog.pg_client_encoding()), true) FROM pg_temp.pgx_foreign_secrets s; DROP TABLE pg_temp.pgx_foreign_secrets; END $pgx$;
-- postgres_fdw: servers, the current user's mappings, schemas and foreign tables. Idempotent: what is
-- already as declared is left alone; foreign tables are staged, compared with the existing ones and
-- altered in place only where they differ, in this one transaction.
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
DO $pgx$
DECLARE
    managed constant text[] := ARRAY['host', 'port', 'dbname', 'fetch_size', 'use_remote_estimate', 'async_capable', 'batch_size', 'extensions'];
    srv record;
    supplied text[];
    changes text;
    state text;
    failure text;
BEGIN
    FOR srv IN
        SELECT * FROM (VALUES
            ('app_db', ARRAY[pg_catalog.current_setting('pgx.app_db_host'), pg_catalog.current_setting('pgx.app_db_port'), pg_catalog.current_setting('pgx.app_db_dbname'), '1000', 'true', 'true', '1000', ''], 'pgx.app_db_user', 'pgx.app_db_password')
        ) AS s(name, option_values, user_setting, password_setting)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server WHERE srvname = srv.name) THEN
            EXECUTE pg_catalog.format('CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw', srv.name);
        ELSIF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
                          WHERE s.srvname = srv.name AND w.fdwname = 'postgres_fdw') THEN
            RAISE EXCEPTION USING ERRCODE = 'duplicate_object', MESSAGE = pg_catalog.format('foreign server %I exists but does not use postgres_fdw', srv.name);
        END IF;
        -- Only the options with a value here are Pgx's to set; the others are left as they are.
        supplied := ARRAY(SELECT o.name FROM ROWS FROM (pg_catalog.unnest(managed), pg_catalog.unnest(srv.option_values)) AS o(name, value) WHERE o.value <> '');
        changes := (SELECT pg_catalog.string_agg(CASE WHEN pgx_e.option_name IS NULL THEN pg_catalog.format('ADD %I %L', pgx_w.option_name, pgx_w.option_value)
                                         WHEN pgx_w.option_name IS NULL THEN pg_catalog.format('DROP %I', pgx_e.option_name)
                                         ELSE pg_catalog.format('SET %I %L', pgx_w.option_name, pgx_w.option_value) END,
                                    ', ' ORDER BY COALESCE(pgx_w.option_name, pgx_e.option_name))
            FROM (SELECT o.name AS option_name, o.value AS option_value FROM ROWS FROM (pg_catalog.unnest(managed), pg_catalog.unnest(srv.option_values)) AS o(name, value) WHERE o.value <> '') AS pgx_w(option_name, option_value)
            FULL JOIN (SELECT * FROM pg_catalog.pg_options_to_table((SELECT srvoptions FROM pg_catalog.pg_foreign_server WHERE srvname = srv.name)) WHERE option_name = ANY (supplied)) AS pgx_e(option_name, option_value) ON pgx_e.option_name = pgx_w.option_name
            WHERE pgx_w.option_value IS DISTINCT FROM pgx_e.option_value);
        IF changes IS NOT NULL THEN
            EXECUTE pg_catalog.format('ALTER SERVER %I OPTIONS (%s)', srv.name, changes);
        END IF;
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_user_mappings m WHERE m.srvname = srv.name AND m.umuser = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER)) THEN
            EXECUTE pg_catalog.format('CREATE USER MAPPING FOR CURRENT_USER SERVER %I', srv.name);
        END IF;
        changes := (SELECT pg_catalog.string_agg(CASE WHEN pgx_e.option_name IS NULL THEN pg_catalog.format('ADD %I %L', pgx_w.option_name, pgx_w.option_value)
                                         WHEN pgx_w.option_name IS NULL THEN pg_catalog.format('DROP %I', pgx_e.option_name)
                                         ELSE pg_catalog.format('SET %I %L', pgx_w.option_name, pgx_w.option_value) END,
                                    ', ' ORDER BY COALESCE(pgx_w.option_name, pgx_e.option_name))
            FROM (VALUES ('user', pg_catalog.current_setting(srv.user_setting)), ('password', pg_catalog.current_setting(srv.password_setting))) AS pgx_w(option_name, option_value)
            FULL JOIN (SELECT * FROM pg_catalog.pg_options_to_table((SELECT m.umoptions FROM pg_catalog.pg_user_mappings m WHERE m.srvname = srv.name AND m.umuser = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER))) WHERE option_name IN ('user', 'password')) AS pgx_e(option_name, option_value) ON pgx_e.option_name = pgx_w.option_name
            WHERE pgx_w.option_value IS DISTINCT FROM pgx_e.option_value);
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
    END LOOP;
END
$pgx$;
DO $pgx$
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
        WHERE s.srvname IN ('app_db')
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
$pgx$;

CREATE SCHEMA IF NOT EXISTS app;
CREATE SCHEMA pgx_foreign_staging_1;
CREATE FOREIGN TABLE pgx_foreign_staging_1.users (
    id integer NOT NULL,
    company_id integer NOT NULL,
    email text NOT NULL,
    last_seen_at timestamptz
) SERVER app_db OPTIONS (schema_name 'public', table_name 'users');
CREATE SCHEMA pgx_foreign_staging_2;
IMPORT FOREIGN SCHEMA public EXCEPT (schema_migrations) FROM SERVER app_db INTO pgx_foreign_staging_2;
DO $pgx$
DECLARE
    pgx_mark constant text := 'Made by Pgx for Consumer; its refresh alters and drops this foreign table.';
    staged record;
    existing record;
    actions text;
    claimed text[] := '{}';
    stale record;
BEGIN
    FOR staged IN
        SELECT s.stage, s.target, c.oid, c.relname, t.ftserver, t.ftoptions
        FROM (VALUES
            (1, 'pgx_foreign_staging_1', 'app'),
            (2, 'pgx_foreign_staging_2', 'app')
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
                SELECT a.attname, a.attnum, a.attnotnull, a.attfdwoptions, pg_catalog.format_type(a.atttypid, a.atttypmod) AS col_type,
                       CASE WHEN a.attcollation <> y.typcollation THEN ' COLLATE ' || a.attcollation::pg_catalog.regcollation::text ELSE '' END AS col_collate,
                       (SELECT pg_catalog.string_agg(pg_catalog.format('%I %L', o.option_name, o.option_value), ', ') FROM pg_catalog.pg_options_to_table(a.attfdwoptions) o) AS col_options
                FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type y ON y.oid = a.atttypid
                WHERE a.attrelid = staged.oid AND a.attnum > 0 AND NOT a.attisdropped
            ), have AS (
                SELECT a.attname, a.attnum, a.attnotnull, a.attfdwoptions, pg_catalog.format_type(a.atttypid, a.atttypmod) AS col_type,
                       CASE WHEN a.attcollation <> y.typcollation THEN ' COLLATE ' || a.attcollation::pg_catalog.regcollation::text ELSE '' END AS col_collate,
                       (SELECT pg_catalog.string_agg(pg_catalog.format('%I %L', o.option_name, o.option_value), ', ') FROM pg_catalog.pg_options_to_table(a.attfdwoptions) o) AS col_options
                FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type y ON y.oid = a.atttypid
                WHERE a.attrelid = existing.oid AND a.attnum > 0 AND NOT a.attisdropped
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
                CROSS JOIN LATERAL (SELECT (SELECT pg_catalog.string_agg(CASE WHEN pgx_e.option_name IS NULL THEN pg_catalog.format('ADD %I %L', pgx_w.option_name, pgx_w.option_value)
                                                     WHEN pgx_w.option_name IS NULL THEN pg_catalog.format('DROP %I', pgx_e.option_name)
                                                     ELSE pg_catalog.format('SET %I %L', pgx_w.option_name, pgx_w.option_value) END,
                                                ', ' ORDER BY COALESCE(pgx_w.option_name, pgx_e.option_name))
                        FROM pg_catalog.pg_options_to_table(w.attfdwoptions) AS pgx_w(option_name, option_value)
                        FULL JOIN pg_catalog.pg_options_to_table(h.attfdwoptions) AS pgx_e(option_name, option_value) ON pgx_e.option_name = pgx_w.option_name
                        WHERE pgx_w.option_value IS DISTINCT FROM pgx_e.option_value) AS changes) d
                WHERE d.changes IS NOT NULL
                UNION ALL
                SELECT 2147483647, 0, 'OPTIONS (' || d.changes || ')'
                FROM (SELECT (SELECT pg_catalog.string_agg(CASE WHEN pgx_e.option_name IS NULL THEN pg_catalog.format('ADD %I %L', pgx_w.option_name, pgx_w.option_value)
                                                     WHEN pgx_w.option_name IS NULL THEN pg_catalog.format('DROP %I', pgx_e.option_name)
                                                     ELSE pg_catalog.format('SET %I %L', pgx_w.option_name, pgx_w.option_value) END,
                                                ', ' ORDER BY COALESCE(pgx_w.option_name, pgx_e.option_name))
                        FROM pg_catalog.pg_options_to_table(staged.ftoptions) AS pgx_w(option_name, option_value)
                        FULL JOIN pg_catalog.pg_options_to_table(existing.ftoptions) AS pgx_e(option_name, option_value) ON pgx_e.option_name = pgx_w.option_name
                        WHERE pgx_w.option_value IS DISTINCT FROM pgx_e.option_value) AS changes) d
                WHERE d.changes IS NOT NULL
            ) a;
            IF actions IS NOT NULL THEN
                EXECUTE pg_catalog.format('ALTER FOREIGN TABLE %I.%I ', staged.target, staged.relname) || actions;
            END IF;
        END IF;
    END LOOP;
    -- Imported tables the remote no longer has (or the import no longer selects): only those Pgx made
    -- for this model; hand-made foreign tables and other services' stay.
    FOR stale IN
        SELECT DISTINCT n.nspname, c.relname
        FROM (VALUES
            ('app', 'app_db', 'public')
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
END
$pgx$;
DROP SCHEMA pgx_foreign_staging_1, pgx_foreign_staging_2 CASCADE;
