namespace Pgx.Schema;

/// <summary>
/// The PL/pgSQL that gives a partition its parent's privileges (table and column), row-level security switches and
/// policies, and — for a trigger-routed child — the parent's row triggers other than the routing trigger. The apply
/// runs it as one DO block over the fixed partitions; the maintenance routines install it as
/// <c>pgx.mirror_partition(parent, child, routing_trigger)</c> and call it for every partition they create, so a
/// partition made at run time is mirrored exactly as one made at apply time.
/// </summary>
/// <remarks>
/// PostgreSQL checks privileges and applies policies of the table a statement names, and fires the triggers of the
/// table a row is stored in. Repositories (and the routing trigger) name the partitions, so without this a role
/// granted on the parent only gets 42501, the parent's policies are skipped, and its row triggers never fire for
/// rows in trigger-routed children. Declarative partitions get the parent's row triggers from PostgreSQL itself (it
/// clones them onto every partition, also one created later), so only their privileges and policies are copied; the
/// policies matter there too, because a grant copied without them would let a role that reads a partition by its own
/// name see the rows the parent's policies hide.
/// The block mirrors: what the parent lacks is revoked or dropped from its partitions (a trigger copy only, marked
/// by its comment), so a revoke or dropped policy on the parent also holds for the repositories. It reads the
/// catalogs and changes only what differs, so a run with nothing to do changes and locks nothing.
/// </remarks>
// netstandard2.0: compiled into the generator too, which writes the DO block into PgxSchema.Sql.
internal static class PartitionMirrorSql
{
    /// <summary>Declarations, then a loop over <c>link</c> rows read FROM what follows (a VALUES list of (parent, partition, routing trigger or NULL)).</summary>
    public const string Head = """
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
        """;

    /// <summary>The loop body that mirrors one <c>link</c> onto its partition, and the end of the block.</summary>
    public const string Tail = """
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
        """;
}
