-- Pgx foreign objects (postgres_fdw), a psql script for one transaction. Credentials are psql variables:
--   -v app_db_user=… -v app_db_password=…
-- Optional, defaulting to [assembly: ForeignServer]: app_db_host, app_db_port, app_db_dbname.
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
    (pg_catalog.set_config('pgx.app_db_user', :'app_db_user', true)),
    (pg_catalog.set_config('pgx.app_db_password', :'app_db_password', true))
) AS pgx(setting);
-- postgres_fdw: servers, the current user's mappings, schemas and foreign tables. Idempotent: what is
-- already as declared is left alone; foreign tables are staged, compared with the existing ones and
-- altered in place only where they differ, in this one transaction.
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
DO $pgx$
DECLARE
    managed constant text[] := ARRAY['host', 'port', 'dbname', 'fetch_size', 'use_remote_estimate', 'async_capable', 'batch_size'];
    srv record;
    changes text;
BEGIN
    FOR srv IN
        SELECT * FROM (VALUES
            ('app_db', ARRAY[pg_catalog.current_setting('pgx.app_db_host'), pg_catalog.current_setting('pgx.app_db_port'), pg_catalog.current_setting('pgx.app_db_dbname'), '1000', 'true', '', ''], ARRAY[pg_catalog.current_setting('pgx.app_db_user'), pg_catalog.current_setting('pgx.app_db_password')])
        ) AS s(name, option_values, login)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server WHERE srvname = srv.name) THEN
            EXECUTE pg_catalog.format('CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw', srv.name);
        ELSIF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
                          WHERE s.srvname = srv.name AND w.fdwname = 'postgres_fdw') THEN
            RAISE EXCEPTION USING ERRCODE = 'duplicate_object', MESSAGE = pg_catalog.format('foreign server %I exists but does not use postgres_fdw', srv.name);
        END IF;
        changes := (SELECT pg_catalog.string_agg(CASE WHEN pgx_e.option_name IS NULL THEN pg_catalog.format('ADD %I %L', pgx_w.option_name, pgx_w.option_value)
                                         WHEN pgx_w.option_name IS NULL THEN pg_catalog.format('DROP %I', pgx_e.option_name)
                                         ELSE pg_catalog.format('SET %I %L', pgx_w.option_name, pgx_w.option_value) END,
                                    ', ' ORDER BY COALESCE(pgx_w.option_name, pgx_e.option_name))
            FROM (SELECT o.name AS option_name, o.value AS option_value FROM ROWS FROM (pg_catalog.unnest(managed), pg_catalog.unnest(srv.option_values)) AS o(name, value) WHERE o.value <> '') AS pgx_w(option_name, option_value)
            FULL JOIN (SELECT * FROM pg_catalog.pg_options_to_table((SELECT srvoptions FROM pg_catalog.pg_foreign_server WHERE srvname = srv.name)) WHERE option_name = ANY (managed)) AS pgx_e(option_name, option_value) ON pgx_e.option_name = pgx_w.option_name
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
            FROM (VALUES ('user', srv.login[1]), ('password', srv.login[2])) AS pgx_w(option_name, option_value)
            FULL JOIN (SELECT * FROM pg_catalog.pg_options_to_table((SELECT m.umoptions FROM pg_catalog.pg_user_mappings m WHERE m.srvname = srv.name AND m.umuser = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER))) WHERE option_name IN ('user', 'password')) AS pgx_e(option_name, option_value) ON pgx_e.option_name = pgx_w.option_name
            WHERE pgx_w.option_value IS DISTINCT FROM pgx_e.option_value);
        IF changes IS NOT NULL THEN
            EXECUTE pg_catalog.format('ALTER USER MAPPING FOR CURRENT_USER SERVER %I OPTIONS (%s)', srv.name, changes);
        END IF;
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
    -- Imported tables the remote no longer has (or the import no longer selects).
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
          AND pg_catalog.format('%I.%I', n.nspname, c.relname) <> ALL (claimed)
        ORDER BY n.nspname, c.relname
    LOOP
        EXECUTE pg_catalog.format('DROP FOREIGN TABLE %I.%I', stale.nspname, stale.relname);
    END LOOP;
END
$pgx$;
DROP SCHEMA pgx_foreign_staging_1, pgx_foreign_staging_2 CASCADE;
