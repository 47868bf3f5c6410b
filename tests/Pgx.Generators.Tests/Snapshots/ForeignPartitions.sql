CREATE SCHEMA IF NOT EXISTS sales;

-- public.events (Shop.Event): HASH partitions on user_id, declarative
CREATE SEQUENCE IF NOT EXISTS public.events_id_seq AS bigint;
CREATE TABLE IF NOT EXISTS public.events (
    id bigint NOT NULL DEFAULT nextval('public.events_id_seq'::regclass),
    user_id integer NOT NULL,
    at timestamptz NOT NULL
) PARTITION BY HASH (user_id);
DO $pgx$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::regclass AND objid = 'public.events_id_seq'::regclass AND deptype = 'a') THEN
        ALTER SEQUENCE public.events_id_seq OWNED BY public.events.id;
    END IF;
END
$pgx$;

-- sales.orders (Shop.Order): LIST partitions on region, declarative
CREATE SEQUENCE IF NOT EXISTS sales.orders_id_seq AS bigint;
CREATE TABLE IF NOT EXISTS sales.orders (
    id bigint NOT NULL DEFAULT nextval('sales.orders_id_seq'::regclass),
    region text NOT NULL,
    customer_id integer NOT NULL,
    amount numeric(12,2) NOT NULL,
    note text
) PARTITION BY LIST (region);
CREATE TABLE IF NOT EXISTS sales.orders_local PARTITION OF sales.orders (CONSTRAINT orders_local_pkey PRIMARY KEY (id, region)) FOR VALUES IN ('LOCAL');
CREATE TABLE IF NOT EXISTS sales.orders_other PARTITION OF sales.orders (CONSTRAINT orders_other_pkey PRIMARY KEY (id, region)) DEFAULT;
DO $pgx$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::regclass AND objid = 'sales.orders_id_seq'::regclass AND deptype = 'a') THEN
        ALTER SEQUENCE sales.orders_id_seq OWNED BY sales.orders.id;
    END IF;
    IF pg_catalog.to_regclass('sales.orders_customer_id_idx') IS NULL THEN
        CREATE INDEX orders_customer_id_idx ON sales.orders (customer_id);
    END IF;
END
$pgx$;

-- Each partition gets its parent's privileges and row-level security, each trigger-routed child its row triggers,
-- since repositories read and write partitions directly. Apply again after changing any of them on a parent.
DO $pgx$
DECLARE
    link record;
    pass integer;
    statement text;
BEGIN
    FOR link IN
        SELECT pc.oid AS parent, cc.oid AS child, l.routing_trigger,
               pg_catalog.format('%I.%I', pn.nspname, pc.relname) AS parent_name,
               pg_catalog.format('%I.%I', cn.nspname, cc.relname) AS child_name
        FROM (VALUES
            ('sales.orders', 'sales.orders_local', NULL),
            ('sales.orders', 'sales.orders_other', NULL)
        ) AS l(parent, child, routing_trigger)
        JOIN pg_catalog.pg_class pc ON pc.oid = l.parent::pg_catalog.regclass
        JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
        JOIN pg_catalog.pg_class cc ON cc.oid = l.child::pg_catalog.regclass
        JOIN pg_catalog.pg_namespace cn ON cn.oid = cc.relnamespace
    LOOP
        -- Privileges, except the owners' (implicit): the table's first, then the columns', since revoking a
        -- table privilege also revokes it from every column.
        FOR pass IN 1..2 LOOP
            FOR statement IN
                WITH objects AS (
                    SELECT NULL::name AS col, p.relacl AS on_parent, c.relacl AS on_child
                    FROM pg_catalog.pg_class p, pg_catalog.pg_class c
                    WHERE pass = 1 AND p.oid = link.parent AND c.oid = link.child
                    UNION ALL
                    SELECT p.attname, p.attacl, c.attacl
                    FROM pg_catalog.pg_attribute p
                    JOIN pg_catalog.pg_attribute c ON c.attrelid = link.child AND c.attname = p.attname AND NOT c.attisdropped
                    WHERE pass = 2 AND p.attrelid = link.parent AND p.attnum > 0 AND NOT p.attisdropped
                ), entries AS (
                    SELECT o.col, true AS on_parent, a.grantee, a.privilege_type, a.is_grantable
                    FROM objects o, pg_catalog.aclexplode(o.on_parent) a
                    UNION ALL
                    SELECT o.col, false, a.grantee, a.privilege_type, a.is_grantable
                    FROM objects o, pg_catalog.aclexplode(o.on_child) a
                ), privileges AS (
                    SELECT e.col, e.grantee, e.privilege_type,
                           pg_catalog.bool_or(e.is_grantable) FILTER (WHERE e.on_parent) AS on_parent,
                           pg_catalog.bool_or(e.is_grantable) FILTER (WHERE NOT e.on_parent) AS on_child
                    FROM entries e
                    WHERE e.grantee NOT IN (SELECT relowner FROM pg_catalog.pg_class WHERE oid IN (link.parent, link.child))
                    GROUP BY e.col, e.grantee, e.privilege_type
                )
                SELECT pg_catalog.format(
                           CASE WHEN p.on_parent IS NULL THEN 'REVOKE %s%s ON TABLE %s FROM %s CASCADE'
                                WHEN p.on_child AND NOT p.on_parent THEN 'REVOKE GRANT OPTION FOR %s%s ON TABLE %s FROM %s CASCADE'
                                WHEN p.on_parent THEN 'GRANT %s%s ON TABLE %s TO %s WITH GRANT OPTION'
                                ELSE 'GRANT %s%s ON TABLE %s TO %s' END,
                           p.privilege_type,
                           ' (' || pg_catalog.quote_ident(p.col) || ')',
                           link.child_name,
                           CASE WHEN p.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(p.grantee)) END)
                FROM privileges p
                WHERE p.on_parent IS DISTINCT FROM p.on_child
                ORDER BY p.col, p.grantee, p.privilege_type
            LOOP
                EXECUTE statement;
            END LOOP;
        END LOOP;

        -- Row-level security: the parent's switches and policies; a partition's policy the parent lacks is dropped.
        FOR statement IN
            WITH policies AS (
                SELECT p.polrelid = link.parent AS on_parent, p.polname,
                       pg_catalog.format('AS %s FOR %s TO %s%s%s',
                           CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                           CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                           (SELECT pg_catalog.string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r)) END, ', ' ORDER BY r)
                            FROM pg_catalog.unnest(p.polroles) AS r),
                           ' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',
                           ' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')') AS definition
                FROM pg_catalog.pg_policy p
                WHERE p.polrelid IN (link.parent, link.child)
            )
            SELECT s.statement FROM (
                SELECT 1 AS step, c.polname, pg_catalog.format('DROP POLICY %I ON %s', c.polname, link.child_name) AS statement
                FROM policies c LEFT JOIN policies p ON p.on_parent AND p.polname = c.polname
                WHERE NOT c.on_parent AND p.definition IS DISTINCT FROM c.definition
                UNION ALL
                SELECT 2, p.polname, pg_catalog.format('CREATE POLICY %I ON %s %s', p.polname, link.child_name, p.definition)
                FROM policies p LEFT JOIN policies c ON NOT c.on_parent AND c.polname = p.polname
                WHERE p.on_parent AND p.definition IS DISTINCT FROM c.definition
                UNION ALL
                SELECT 3, NULL, pg_catalog.format('ALTER TABLE %s %s ROW LEVEL SECURITY', link.child_name, a.action)
                FROM pg_catalog.pg_class p, pg_catalog.pg_class c,
                     LATERAL (VALUES (p.relrowsecurity <> c.relrowsecurity, CASE WHEN p.relrowsecurity THEN 'ENABLE' ELSE 'DISABLE' END),
                                     (p.relforcerowsecurity <> c.relforcerowsecurity, CASE WHEN p.relforcerowsecurity THEN 'FORCE' ELSE 'NO FORCE' END)) AS a(differs, action)
                WHERE p.oid = link.parent AND c.oid = link.child AND a.differs
            ) s
            ORDER BY s.step, s.polname, s.statement
        LOOP
            EXECUTE statement;
        END LOOP;

        -- Row triggers of a trigger-routed parent (not the routing trigger, not one with transition tables, which
        -- inheritance children cannot have). A copy is marked by its comment, so it goes when the parent's goes.
        CONTINUE WHEN link.routing_trigger IS NULL;
        FOR statement IN
            WITH triggers AS (
                SELECT t.tgrelid = link.parent AS on_parent, t.tgname, t.tgenabled,
                       pg_catalog.obj_description(t.oid, 'pg_trigger') AS note,
                       pg_catalog.format('Copied by Pgx from the trigger on %s: change or drop it there.', link.parent_name) AS marker,
                       CASE WHEN t.tgrelid = link.child THEN d.definition
                            ELSE pg_catalog.left(d.definition, o.at - 1) || ' ON ' || link.child_name || ' '
                                 || pg_catalog.substr(d.definition, o.at + pg_catalog.length(' ON ' || link.parent_name || ' ')) END AS definition
                FROM pg_catalog.pg_trigger t,
                     LATERAL (SELECT pg_catalog.pg_get_triggerdef(t.oid) AS definition) d,
                     -- Where " ON <parent> " follows the trigger's name in its definition.
                     LATERAL (SELECT pg_catalog.strpos(d.definition, pg_catalog.quote_ident(t.tgname)) + pg_catalog.length(pg_catalog.quote_ident(t.tgname)) AS name_end) n,
                     LATERAL (SELECT n.name_end - 1 + pg_catalog.strpos(pg_catalog.substr(d.definition, n.name_end), ' ON ' || link.parent_name || ' ') AS at) o
                WHERE NOT t.tgisinternal
                  AND (t.tgrelid = link.child
                       OR t.tgrelid = link.parent AND t.tgname <> link.routing_trigger AND (t.tgtype & 1) = 1
                          AND t.tgoldtable IS NULL AND t.tgnewtable IS NULL)
            )
            SELECT s.statement FROM (
                SELECT 1 AS step, c.tgname, pg_catalog.format('DROP TRIGGER %I ON %s', c.tgname, link.child_name) AS statement
                FROM triggers c LEFT JOIN triggers p ON p.on_parent AND p.tgname = c.tgname
                WHERE NOT c.on_parent
                  AND (p.tgname IS NULL AND c.note IS NOT DISTINCT FROM c.marker
                       OR p.tgname IS NOT NULL AND (p.definition, p.tgenabled, p.marker) IS DISTINCT FROM (c.definition, c.tgenabled, c.note))
                UNION ALL
                SELECT 2 + a.part, p.tgname, a.statement
                FROM triggers p LEFT JOIN triggers c ON NOT c.on_parent AND c.tgname = p.tgname,
                     LATERAL (VALUES (1, p.definition),
                                     (2, pg_catalog.format('COMMENT ON TRIGGER %I ON %s IS %L', p.tgname, link.child_name, p.marker)),
                                     (3, 'ALTER TABLE ' || link.child_name
                                         || CASE p.tgenabled WHEN 'D' THEN ' DISABLE' WHEN 'R' THEN ' ENABLE REPLICA' WHEN 'A' THEN ' ENABLE ALWAYS' END
                                         || ' TRIGGER ' || pg_catalog.quote_ident(p.tgname))) AS a(part, statement)
                WHERE p.on_parent AND a.statement IS NOT NULL
                  AND (p.definition, p.tgenabled, p.marker) IS DISTINCT FROM (c.definition, c.tgenabled, c.note)
            ) s
            ORDER BY s.step, s.tgname
        LOOP
            EXECUTE statement;
        END LOOP;
    END LOOP;
END
$pgx$;

-- Partitions on other servers: foreign tables in their parents, over the real tables apply creates on each server.
CREATE FOREIGN TABLE IF NOT EXISTS public.events_p0 PARTITION OF public.events FOR VALUES WITH (MODULUS 3, REMAINDER 0) SERVER shard_a OPTIONS (schema_name 'public', table_name 'events_p0');
CREATE FOREIGN TABLE IF NOT EXISTS public.events_p1 PARTITION OF public.events FOR VALUES WITH (MODULUS 3, REMAINDER 1) SERVER shard_b OPTIONS (schema_name 'public', table_name 'events_p1');
CREATE FOREIGN TABLE IF NOT EXISTS public.events_p2 PARTITION OF public.events FOR VALUES WITH (MODULUS 3, REMAINDER 2) SERVER shard_a OPTIONS (schema_name 'public', table_name 'events_p2');
CREATE FOREIGN TABLE IF NOT EXISTS sales.orders_eu PARTITION OF sales.orders FOR VALUES IN ('EU') SERVER shard_a OPTIONS (schema_name 'sales', table_name 'orders_eu');

-- on shard_a
-- public.events_p0: partition of public.events on the server shard_a
CREATE TABLE IF NOT EXISTS public.events_p0 (
    id bigint NOT NULL,
    user_id integer NOT NULL,
    at timestamptz NOT NULL,
    CONSTRAINT events_p0_pkey PRIMARY KEY (id, user_id)
);
-- public.events_p2: partition of public.events on the server shard_a
CREATE TABLE IF NOT EXISTS public.events_p2 (
    id bigint NOT NULL,
    user_id integer NOT NULL,
    at timestamptz NOT NULL,
    CONSTRAINT events_p2_pkey PRIMARY KEY (id, user_id)
);
-- sales.orders_eu: partition of sales.orders on the server shard_a
CREATE TABLE IF NOT EXISTS sales.orders_eu (
    id bigint NOT NULL,
    region text NOT NULL,
    customer_id integer NOT NULL,
    amount numeric(12,2) NOT NULL,
    note text,
    CONSTRAINT orders_eu_pkey PRIMARY KEY (id, region)
);
CREATE INDEX IF NOT EXISTS orders_eu_customer_id_idx ON sales.orders_eu (customer_id);

-- on shard_b
-- public.events_p1: partition of public.events on the server shard_b
CREATE TABLE IF NOT EXISTS public.events_p1 (
    id bigint NOT NULL,
    user_id integer NOT NULL,
    at timestamptz NOT NULL,
    CONSTRAINT events_p1_pkey PRIMARY KEY (id, user_id)
);
