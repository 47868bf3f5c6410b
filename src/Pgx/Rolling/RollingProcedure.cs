using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Pgx.Schema;

/// <summary>
/// The rolling-partition maintenance as SQL, for schedulers that run without the application (pg_cron, cron + psql):
/// <c>CALL pgx.maintain_partitions()</c>. It does what <c>PgxSchema.MaintainAsync</c> does, by the same naming rule
/// (<see cref="RollingInterval"/>) and under the same advisory lock: the generic routines in schema <c>pgx</c>, then a
/// <c>pgx.maintain_partitions</c> that calls them once per rolling set of the model with that set's settings as literals.
/// Part of <c>PgxSchema.Sql</c> (and so of <c>pgx.schema.sql</c>); <c>ApplyAsync</c> installs it when it differs.
/// </summary>
// netstandard2.0: compiled into the generator too, which writes it into PgxSchema.Sql.
internal static class RollingProcedure
{
    /// <summary>The advisory lock every apply and maintenance holds (<c>PgxSchemaApplier.AdvisoryLockKey</c>).</summary>
    public const long AdvisoryLockKey = 0x5067_7841_7070_6C79;

    /// <summary>The procedure's signature, for <c>to_regprocedure</c> and <c>COMMENT ON PROCEDURE</c>.</summary>
    public const string Signature = "pgx.maintain_partitions(timestamp with time zone, text, text, integer)";

    /// <summary>What a scheduler runs.</summary>
    public const string Call = "CALL pgx.maintain_partitions()";

    /// <summary>
    /// The routines every model shares: quoting, the naming rule, creating one partition (moving waiting rows out of
    /// the default partition), rewriting a routing function, and one set's maintenance in batches of 50 partitions.
    /// </summary>
    private const string Routines = """
CREATE SCHEMA IF NOT EXISTS pgx;

CREATE OR REPLACE FUNCTION pgx.quoted(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
AS $maintain$ SELECT '"' || pg_catalog.replace(name, '"', '""') || '"' $maintain$;

-- A name derived from another (a child's constraint and index names), shortened past 63 bytes with the FNV-1a hash of
-- the full name over UTF-16 code units, exactly as Pgx's C# code derives it.
CREATE OR REPLACE FUNCTION pgx.derived_name(base text, suffix text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
AS $maintain$
DECLARE
    full_name text := base || suffix;
    hash bigint := 2166136261;
    code integer;
    budget integer := 63 - octet_length(suffix) - 9;
    used integer := 0;
    prefix text := '';
    ch text;
BEGIN
    IF octet_length(full_name) <= 63 THEN
        RETURN full_name;
    END IF;

    FOR i IN 1 .. length(full_name) LOOP
        code := ascii(substr(full_name, i, 1));
        IF code >= 65536 THEN
            hash := ((hash # (55296 + ((code - 65536) >> 10))) * 16777619) % 4294967296;
            code := 56320 + ((code - 65536) & 1023);
        END IF;
        hash := ((hash # code) * 16777619) % 4294967296;
    END LOOP;

    FOR i IN 1 .. length(base) LOOP
        ch := substr(base, i, 1);
        EXIT WHEN used + octet_length(ch) > budget;
        prefix := prefix || ch;
        used := used + octet_length(ch);
    END LOOP;

    RETURN prefix || '_' || lpad(to_hex(hash), 8, '0') || suffix;
END
$maintain$;

-- The partition of a value: intervals counted from 0001-01-01 (weeks from that Monday) or from 0 for integer keys.
CREATE OR REPLACE FUNCTION pgx.rolling_partition_of(unit text, width bigint, at timestamp, key bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $maintain$
    SELECT floor(CASE unit
        WHEN 'integer' THEN key::numeric
        WHEN 'day' THEN (at::date - date '0001-01-01')::numeric
        WHEN 'week' THEN floor((at::date - date '0001-01-01') / 7.0)
        WHEN 'month' THEN (extract(year FROM at) - 1) * 12 + extract(month FROM at) - 1
        ELSE extract(year FROM at) - 1
    END / width)::bigint
$maintain$;

-- The lower bound of a time partition.
CREATE OR REPLACE FUNCTION pgx.rolling_lower_bound(unit text, width bigint, partition_number bigint) RETURNS timestamp
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $maintain$
    SELECT CASE unit
        WHEN 'day' THEN (date '0001-01-01' + (partition_number * width)::integer)::timestamp
        WHEN 'week' THEN (date '0001-01-01' + (partition_number * width * 7)::integer)::timestamp
        WHEN 'month' THEN timestamp '0001-01-01' + make_interval(months => (partition_number * width)::integer)
        ELSE make_timestamp((partition_number * width + 1)::integer, 1, 1, 0, 0, 0)
    END
$maintain$;

-- A partition's name suffix (after <table>_p) and its bounds as literals of the key's type; upper_time/upper_key for retention.
CREATE OR REPLACE FUNCTION pgx.rolling_partition(key_type text, unit text, width bigint, partition_number bigint,
    OUT suffix text, OUT lower_literal text, OUT upper_literal text, OUT upper_time timestamp, OUT upper_key bigint)
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $maintain$
DECLARE
    lower_time timestamp;
    spelling text := CASE key_type WHEN 'date' THEN 'YYYY-MM-DD' ELSE 'YYYY-MM-DD HH24:MI:SS' END;
    zone text := CASE key_type WHEN 'timestamp with time zone' THEN '+00' ELSE '' END;
BEGIN
    IF unit = 'integer' THEN
        upper_key := (partition_number + 1) * width;
        suffix := CASE WHEN partition_number < 0 THEN 'm' || (-(partition_number * width::numeric))::text ELSE (partition_number * width)::text END;
        lower_literal := (partition_number * width)::text;
        upper_literal := upper_key::text;
        RETURN;
    END IF;

    lower_time := pgx.rolling_lower_bound(unit, width, partition_number);
    upper_time := pgx.rolling_lower_bound(unit, width, partition_number + 1);
    suffix := to_char(lower_time, CASE unit WHEN 'month' THEN 'YYYYMM' WHEN 'year' THEN 'YYYY' ELSE 'YYYYMMDD' END);
    lower_literal := quote_literal(to_char(lower_time, spelling) || zone);
    upper_literal := quote_literal(to_char(upper_time, spelling) || zone);
END
$maintain$;

-- The partition a child's name stands for under the naming rule, or null when the rule gives no such name: only a
-- name spelled exactly as the rule spells an aligned lower bound. Every run parses every child's name, so this is
-- arithmetic on the digits, without an exception block (a subtransaction per name) or a call per name.
CREATE OR REPLACE FUNCTION pgx.rolling_partition_named(key_type text, unit text, width bigint, table_name text, child text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $maintain$
DECLARE
    suffix text;
    sign text;
    magnitude numeric;
    y integer;
    m integer;
    d integer;
    steps bigint;
    step bigint := CASE unit WHEN 'week' THEN 7 * width ELSE width END;
BEGIN
    IF left(child, length(table_name) + 2) IS DISTINCT FROM table_name || '_p' THEN
        RETURN NULL;
    END IF;

    suffix := substr(child, length(table_name) + 3);
    IF unit = 'integer' THEN
        IF suffix !~ '^m?[0-9]{1,19}$' THEN
            RETURN NULL;
        END IF;
        sign := CASE WHEN left(suffix, 1) = 'm' THEN 'm' ELSE '' END;
        magnitude := ltrim(suffix, 'm')::numeric;
        -- No leading zeros, no "m0", nothing past a bigint, only a multiple of the width.
        IF sign || magnitude::text <> suffix OR suffix = 'm0' OR magnitude > 9223372036854775807 OR magnitude % width <> 0 THEN
            RETURN NULL;
        END IF;
        RETURN (CASE WHEN sign = 'm' THEN -magnitude ELSE magnitude END / width)::bigint;
    END IF;

    IF suffix !~ (CASE unit WHEN 'month' THEN '^[0-9]{6}$' WHEN 'year' THEN '^[0-9]{4}$' ELSE '^[0-9]{8}$' END) THEN
        RETURN NULL;
    END IF;
    y := substr(suffix, 1, 4)::integer;
    m := CASE WHEN unit = 'year' THEN 1 ELSE substr(suffix, 5, 2)::integer END;
    d := CASE WHEN unit IN ('month', 'year') THEN 1 ELSE substr(suffix, 7, 2)::integer END;
    IF y < 1 OR m NOT BETWEEN 1 AND 12 THEN
        RETURN NULL;
    END IF;
    IF d NOT BETWEEN 1 AND extract(day FROM make_date(y, m, 1) + interval '1 month' - interval '1 day')::integer THEN
        RETURN NULL;
    END IF;

    -- Intervals counted from 0001-01-01 (weeks from that Monday), as pgx.rolling_partition_of counts them.
    steps := CASE unit WHEN 'month' THEN (y - 1) * 12 + m - 1 WHEN 'year' THEN y - 1 ELSE make_date(y, m, d) - date '0001-01-01' END;
    RETURN CASE WHEN steps % step = 0 THEN steps / step END;
END
$maintain$;

-- Creates one rolling partition (for trigger routing: a child with its CHECK, primary key and index copies) and moves
-- into it the rows the default partition holds for its range, in batches; returns the rows moved.
CREATE OR REPLACE FUNCTION pgx.create_rolling_partition(table_schema text, table_name text, key_column text, key_type text,
    unit text, width bigint, partition_number bigint, default_partition text, column_names text[], primary_key text[],
    indexes jsonb, trigger_routed boolean) RETURNS bigint
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $maintain$
DECLARE
    parent text := pgx.quoted(table_schema) || '.' || pgx.quoted(table_name);
    key_sql text := pgx.quoted(key_column);
    bounds record;
    child text;
    child_sql text;
    range_sql text;
    default_sql text;
    create_sql text;
    column_list text := (SELECT string_agg(pgx.quoted(c), ', ' ORDER BY o) FROM unnest(column_names) WITH ORDINALITY AS u(c, o));
    index_definition jsonb;
    index_columns text[];
    waiting bigint := 0;
    moved bigint := 0;
    batch bigint;
BEGIN
    SELECT * INTO bounds FROM pgx.rolling_partition(key_type, unit, width, partition_number);
    child := table_name || '_p' || bounds.suffix;
    child_sql := pgx.quoted(table_schema) || '.' || pgx.quoted(child);
    range_sql := key_sql || ' >= ' || bounds.lower_literal || ' AND ' || key_sql || ' < ' || bounds.upper_literal;
    IF default_partition IS NOT NULL AND EXISTS (
        SELECT FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = parent::regclass AND c.relname = default_partition) THEN
        default_sql := pgx.quoted(table_schema) || '.' || pgx.quoted(default_partition);
    END IF;

    IF NOT trigger_routed THEN
        -- Inserts into the parent wait here rather than find the default partition detached.
        EXECUTE 'LOCK TABLE ONLY ' || parent || ' IN ACCESS EXCLUSIVE MODE';
        create_sql := 'CREATE TABLE ' || child_sql || ' PARTITION OF ' || parent || ' FOR VALUES FROM (' || bounds.lower_literal || ') TO (' || bounds.upper_literal || ')';
        IF default_sql IS NOT NULL THEN
            EXECUTE 'SELECT count(*) FROM ONLY ' || default_sql || ' WHERE ' || range_sql INTO waiting;
        END IF;
        IF waiting = 0 THEN
            EXECUTE create_sql;
            RETURN 0;
        END IF;

        -- PostgreSQL refuses a partition whose rows the default partition holds: take the default out, create the
        -- partition, move the rows across, put the default back, all in the caller's transaction.
        EXECUTE 'ALTER TABLE ' || parent || ' DETACH PARTITION ' || default_sql;
        EXECUTE create_sql;
    ELSE
        create_sql := 'CONSTRAINT ' || pgx.quoted(pgx.derived_name(child, '_partition_check')) || ' CHECK (' || range_sql || ')';
        IF cardinality(primary_key) > 0 THEN
            create_sql := create_sql || ', CONSTRAINT ' || pgx.quoted(pgx.derived_name(child, '_pkey')) || ' PRIMARY KEY ('
                || (SELECT string_agg(pgx.quoted(c), ', ' ORDER BY o) FROM unnest(primary_key) WITH ORDINALITY AS u(c, o)) || ')';
        END IF;
        EXECUTE 'CREATE TABLE ' || child_sql || ' (' || create_sql || ') INHERITS (' || parent || ')';
        FOR index_definition IN SELECT value FROM jsonb_array_elements(indexes) LOOP
            index_columns := ARRAY(SELECT c FROM jsonb_array_elements_text(index_definition -> 'columns') WITH ORDINALITY AS u(c, o) ORDER BY o);
            EXECUTE 'CREATE ' || CASE WHEN (index_definition ->> 'unique')::boolean THEN 'UNIQUE ' ELSE '' END || 'INDEX '
                || pgx.quoted(pgx.derived_name(child || '_' || array_to_string(index_columns, '_'), CASE WHEN (index_definition ->> 'unique')::boolean THEN '_key' ELSE '_idx' END))
                || ' ON ' || child_sql || ' (' || (SELECT string_agg(pgx.quoted(c), ', ' ORDER BY o) FROM unnest(index_columns) WITH ORDINALITY AS u(c, o)) || ')';
        END LOOP;
        IF default_sql IS NULL THEN
            RETURN 0;
        END IF;

        -- Writers into the default child wait until the routing function sends their range to the new child.
        EXECUTE 'LOCK TABLE ONLY ' || default_sql || ' IN SHARE ROW EXCLUSIVE MODE';
    END IF;

    LOOP
        EXECUTE 'WITH moved AS (DELETE FROM ONLY ' || default_sql || ' WHERE ctid = ANY (ARRAY(SELECT ctid FROM ONLY ' || default_sql
            || ' WHERE ' || range_sql || ' LIMIT 10000)) RETURNING ' || column_list || ') INSERT INTO ' || child_sql || ' (' || column_list
            || ') SELECT ' || column_list || ' FROM moved';
        GET DIAGNOSTICS batch = ROW_COUNT;
        moved := moved + batch;
        EXIT WHEN batch < 10000;
    END LOOP;

    IF NOT trigger_routed THEN
        EXECUTE 'ALTER TABLE ' || parent || ' ATTACH PARTITION ' || default_sql || ' DEFAULT';
    END IF;
    RETURN moved;
END
$maintain$;

-- Trigger routing: replaces the routing function with one that has a static branch for every fixed and rolling child
-- (newest rolling child first) and none for retired ones, only when it differs; the same text PgxSchema.MaintainAsync writes.
CREATE OR REPLACE FUNCTION pgx.rewrite_rolling_routing(table_schema text, table_name text, key_column text, key_type text,
    unit text, width bigint, fixed_partitions text[], routing_function text, routing_branches text, routing_fallback text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $maintain$
DECLARE
    column_sql text := 'NEW.' || pgx.quoted(key_column);
    branches text[] := ARRAY(SELECT l FROM unnest(string_to_array(coalesce(routing_branches, ''), E'\n')) WITH ORDINALITY AS u(l, o) WHERE l <> '' ORDER BY o);
    fallback text[] := string_to_array(coalesce(routing_fallback, ''), E'\n', NULL);
    lines text[] := ARRAY['BEGIN'];
    body text;
    tag text := '$pgx$';
    tries integer := 0;
    child record;
    bounds record;
BEGIN
    IF fallback = '{}' THEN
        fallback := ARRAY[''];
    END IF;
    FOR child IN
        SELECT x.relname, x.partition_number FROM (
            SELECT c.relname::text AS relname, pgx.rolling_partition_named(key_type, unit, width, table_name, c.relname) AS partition_number
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = (pgx.quoted(table_schema) || '.' || pgx.quoted(table_name))::regclass AND c.relname <> ALL (fixed_partitions)) x
        WHERE x.partition_number IS NOT NULL
        ORDER BY x.partition_number DESC
    LOOP
        SELECT * INTO bounds FROM pgx.rolling_partition(key_type, unit, width, child.partition_number);
        branches := branches || (CASE WHEN cardinality(branches) = 0 THEN 'IF ' ELSE 'ELSIF ' END || column_sql || ' >= ' || bounds.lower_literal
            || ' AND ' || column_sql || ' < ' || bounds.upper_literal || ' THEN');
        branches := branches || ('    INSERT INTO ' || pgx.quoted(table_schema) || '.' || pgx.quoted(child.relname) || ' VALUES (NEW.*);');
    END LOOP;

    IF cardinality(branches) = 0 THEN
        lines := lines || ARRAY(SELECT '    ' || l FROM unnest(fallback) WITH ORDINALITY AS u(l, o) ORDER BY o);
    ELSE
        lines := lines || ARRAY(SELECT '    ' || l FROM unnest(branches) WITH ORDINALITY AS u(l, o) ORDER BY o) || '    ELSE'::text
            || ARRAY(SELECT '        ' || l FROM unnest(fallback) WITH ORDINALITY AS u(l, o) ORDER BY o) || '    END IF;'::text;
    END IF;
    lines := lines || '    RETURN NULL;'::text || 'END'::text;
    body := array_to_string(lines, E'\n');

    IF (SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = table_schema AND p.proname = routing_function LIMIT 1)
        IS NOT DISTINCT FROM E'\n' || body || E'\n' THEN
        RETURN;
    END IF;

    WHILE position(tag IN body) > 0 LOOP
        tries := tries + 1;
        tag := '$pgx' || tries || '$';
    END LOOP;
    EXECUTE 'CREATE OR REPLACE FUNCTION ' || pgx.quoted(table_schema) || '.' || pgx.quoted(routing_function) || E'()\n    RETURNS trigger\n    LANGUAGE plpgsql\nAS '
        || tag || E'\n' || body || E'\n' || tag;
END
$maintain$;
-- One rolling set's maintenance, as PgxSchema.MaintainAsync does it: creates every missing partition from the start
-- (or the oldest kept) through now plus premake, moving rows out of the default partition; retires partitions older
-- than the retention, never the one holding now; rewrites a trigger-routed set's routing function. Commits every 50
-- partitions; each batch runs under the lock timeout and is retried when a lock is not granted in time.
CREATE OR REPLACE PROCEDURE pgx.maintain_rolling_set(now timestamptz, table_schema text, table_name text, key_column text,
    key_type text, unit text, width bigint, premake integer, start_partition bigint, retain_unit text, retain_width bigint,
    drop_retired boolean, fixed_partitions text[], default_partition text, column_names text[], primary_key text[],
    indexes jsonb, routing_function text, routing_branches text, routing_fallback text, lock_wait text, lock_retries integer)
    LANGUAGE plpgsql
AS $maintain$
DECLARE
    parent text := pgx.quoted(table_schema) || '.' || pgx.quoted(table_name);
    trigger_routed boolean := routing_function IS NOT NULL;
    existing bigint[];
    names text[];
    taken text[];
    now_time timestamp;
    now_key bigint;
    now_partition bigint;
    cutoff_time timestamp;
    cutoff_key bigint;
    first_partition bigint;
    missing bigint[] := '{}';
    retired bigint[] := '{}';
    batch bigint[];
    work bigint[];
    phase text;
    attempt integer;
    moved bigint;
    created integer := 0;
    retired_count integer := 0;
    rows_moved bigint := 0;
BEGIN
    IF to_regclass(parent) IS NULL THEN
        RAISE EXCEPTION 'table % does not exist: apply the schema before maintaining its partitions', parent USING ERRCODE = 'undefined_table';
    END IF;

    -- One read of the catalog: the rolling children attached to the parent, and every table in the schema named like
    -- one (attached or not), so that a set with nothing to do costs no lookup per partition. OFFSET 0 keeps the
    -- subquery whole, so each name is parsed once rather than once per aggregate that reads it.
    SELECT coalesce(array_agg(x.partition_number ORDER BY x.partition_number) FILTER (WHERE x.partition_number IS NOT NULL), '{}'),
           coalesce(array_agg(x.relname ORDER BY x.partition_number) FILTER (WHERE x.partition_number IS NOT NULL), '{}'),
           coalesce(array_agg(x.relname) FILTER (WHERE x.named_like_child), '{}')
    INTO existing, names, taken
    FROM (SELECT c.relname::text AS relname,
                 n.nspname = table_schema AND c.relkind IN ('r', 'p', 'f') AND pg_catalog.starts_with(c.relname, table_name || '_p') AS named_like_child,
                 CASE WHEN i.inhrelid IS NOT NULL AND c.relname <> ALL (fixed_partitions)
                      THEN pgx.rolling_partition_named(key_type, unit, width, table_name, c.relname) END AS partition_number
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid AND i.inhparent = parent::regclass
          WHERE i.inhrelid IS NOT NULL
             OR n.nspname = table_schema AND c.relkind IN ('r', 'p', 'f') AND pg_catalog.starts_with(c.relname, table_name || '_p')
          OFFSET 0) x;

    IF unit = 'integer' THEN
        -- An integer set's "now" is its largest stored key.
        EXECUTE 'SELECT pg_catalog.max(' || pgx.quoted(key_column) || ')::bigint FROM ' || parent INTO now_key;
        now_key := coalesce(now_key, start_partition * width, 0);
        now_partition := pgx.rolling_partition_of(unit, width, NULL, now_key);
        cutoff_key := now_key - retain_width;
    ELSE
        -- Time is read in UTC; a date key's now is the day's midnight.
        now_time := now AT TIME ZONE 'UTC';
        IF key_type = 'date' THEN
            now_time := date_trunc('day', now_time);
        END IF;
        now_partition := pgx.rolling_partition_of(unit, width, now_time, NULL);
        cutoff_time := now_time - CASE retain_unit
            WHEN 'day' THEN make_interval(days => retain_width::integer)
            WHEN 'week' THEN make_interval(weeks => retain_width::integer)
            WHEN 'month' THEN make_interval(months => retain_width::integer)
            ELSE make_interval(years => retain_width::integer) END;
    END IF;

    first_partition := coalesce(start_partition, least(existing[1], now_partition));
    IF retain_unit IS NOT NULL THEN
        first_partition := greatest(first_partition, pgx.rolling_partition_of(unit, width, cutoff_time, cutoff_key));
    END IF;

    -- The partitions of the range not attached; of those, a table of that name that is no partition was detached by
    -- retention (or made by someone else): never recreated.
    missing := ARRAY(
        SELECT c.p FROM (
            SELECT generate_series(first_partition, now_partition + premake) AS p
            EXCEPT
            SELECT unnest(existing)) c
        WHERE table_name || '_p' || (pgx.rolling_partition(key_type, unit, width, c.p)).suffix <> ALL (taken)
        ORDER BY c.p);

    IF retain_unit IS NOT NULL THEN
        retired := ARRAY(
            SELECT e FROM unnest(existing) e, pgx.rolling_partition(key_type, unit, width, e) b
            WHERE e <> now_partition AND (CASE WHEN unit = 'integer' THEN b.upper_key <= cutoff_key ELSE b.upper_time <= cutoff_time END)
            ORDER BY e);
    END IF;

    -- Create, then retire, in batches of 50, each committed on its own; a trigger-routed set with nothing to do still
    -- gets a stale routing function (re-applied, or edited by hand) rewritten.
    FOREACH phase IN ARRAY ARRAY['create', 'retire', 'routing'] LOOP
        work := CASE phase WHEN 'create' THEN missing WHEN 'retire' THEN retired ELSE '{}' END;
        CONTINUE WHEN phase = 'routing' AND NOT (trigger_routed AND cardinality(missing) + cardinality(retired) = 0);
        FOR batch_number IN 0 .. greatest(cardinality(work) - 1, 0) / 50 LOOP
            EXIT WHEN phase <> 'routing' AND cardinality(work) = 0;
            batch := work[batch_number * 50 + 1 : batch_number * 50 + 50];
            attempt := 0;
            LOOP
                BEGIN
                    PERFORM set_config('lock_timeout', lock_wait, true), set_config('client_min_messages', 'warning', true);
                    moved := 0;
                    FOR i IN 1 .. cardinality(batch) LOOP
                        IF phase = 'create' THEN
                            moved := moved + pgx.create_rolling_partition(table_schema, table_name, key_column, key_type, unit, width, batch[i],
                                default_partition, column_names, primary_key, indexes, trigger_routed);
                            -- What the apply gives a fixed partition, once the waiting rows are in; the routing trigger has the function's name.
                            PERFORM pgx.mirror_partition(parent::regclass, (pgx.quoted(table_schema) || '.'
                                || pgx.quoted(table_name || '_p' || (pgx.rolling_partition(key_type, unit, width, batch[i])).suffix))::regclass, routing_function);
                        ELSE
                            EXECUTE CASE
                                WHEN drop_retired THEN 'DROP TABLE ' || pgx.quoted(table_schema) || '.' || pgx.quoted(names[array_position(existing, batch[i])])
                                WHEN trigger_routed THEN 'ALTER TABLE ' || pgx.quoted(table_schema) || '.' || pgx.quoted(names[array_position(existing, batch[i])]) || ' NO INHERIT ' || parent
                                ELSE 'ALTER TABLE ' || parent || ' DETACH PARTITION ' || pgx.quoted(table_schema) || '.' || pgx.quoted(names[array_position(existing, batch[i])])
                            END;
                        END IF;
                    END LOOP;
                    IF trigger_routed THEN
                        PERFORM pgx.rewrite_rolling_routing(table_schema, table_name, key_column, key_type, unit, width, fixed_partitions,
                            routing_function, routing_branches, routing_fallback);
                    END IF;
                    EXIT;
                EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
                    -- A lock not granted in time, or a reader that turned writer: roll the batch back and try again.
                    attempt := attempt + 1;
                    IF attempt > lock_retries THEN
                        RAISE;
                    END IF;
                    PERFORM pg_sleep(0.1 * attempt * (0.5 + random()));
                END;
            END LOOP;
            COMMIT;
            IF phase = 'create' THEN
                created := created + cardinality(batch);
                rows_moved := rows_moved + moved;
            ELSE
                retired_count := retired_count + cardinality(batch);
            END IF;
        END LOOP;
    END LOOP;

    IF created + retired_count > 0 THEN
        RAISE NOTICE 'pgx: %: % partitions created, % %, % rows moved', parent, created, retired_count,
            CASE WHEN drop_retired THEN 'dropped' ELSE 'detached' END, rows_moved;
    END IF;
END
$maintain$;
""";

    /// <summary>
    /// <c>pgx.mirror_partition(parent, child, routing_trigger)</c>: what the apply gives each fixed partition
    /// (<see cref="PartitionMirrorSql"/>), for one partition the maintenance made. <c>routing_trigger</c> names a
    /// trigger-routed parent's routing trigger, whose other row triggers are copied; NULL for a declarative partition,
    /// which PostgreSQL gives the parent's row triggers itself.
    /// </summary>
    private const string MirrorRoutine = """

-- Gives a partition the maintenance made its parent's privileges, row-level security and (trigger routing) row
-- triggers, exactly as the apply gives the fixed partitions.
CREATE OR REPLACE FUNCTION pgx.mirror_partition(parent regclass, child regclass, routing_trigger name DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $maintain$

""" + PartitionMirrorSql.Head + "\n            (parent, child, routing_trigger)\n" + PartitionMirrorSql.Tail + "\n$maintain$;\n";

    /// <summary>
    /// The SQL that installs the maintenance for the rolling sets of <paramref name="model"/> that Pgx maintains, ending
    /// with a comment on the procedure that carries a hash of the whole text (so an apply can tell it is current);
    /// empty when there are none.
    /// </summary>
    /// <param name="model">The desired schema.</param>
    /// <returns>Idempotent SQL, or an empty string.</returns>
    public static string Render(SchemaModel model) => Build(model, out var comment) is { Length: > 0 } text
        ? text + "COMMENT ON PROCEDURE " + Signature + " IS " + Literal(comment) + ";\n"
        : "";

    /// <summary>The comment <see cref="Render"/> puts on the procedure: what it maintains, and a hash of its SQL.</summary>
    /// <param name="model">The desired schema.</param>
    /// <returns>The comment, or null when the model has no rolling set Pgx maintains.</returns>
    public static string? ExpectedComment(SchemaModel model) => Build(model, out var comment).Length > 0 ? comment : null;

    /// <summary>The rolling sets Pgx (not pg_partman) maintains, in the model's order.</summary>
    /// <param name="model">The desired schema.</param>
    /// <returns>The tables.</returns>
    public static IEnumerable<TableModel> Maintained(SchemaModel model) =>
        model.Tables.Where(t => t.Partitioning?.Rolling is { Maintainer: "pgx" });

    private static string Build(SchemaModel model, out string comment)
    {
        var tables = Maintained(model).ToList();
        comment = "";
        if (tables.Count == 0)
        {
            return "";
        }

        var sql = new StringBuilder();
        sql.Append('\n').Append(Routines).Append('\n').Append(MirrorRoutine).Append('\n');
        sql.Append("-- Maintains every rolling partition set below, or only table_name ('schema.table'), for the time now:\n");
        sql.Append("-- CALL pgx.maintain_partitions(); from pg_cron, cron + psql or any scheduler, outside a transaction block.\n");
        sql.Append("CREATE OR REPLACE PROCEDURE pgx.maintain_partitions(now timestamptz DEFAULT pg_catalog.now(), table_name text DEFAULT NULL,\n");
        sql.Append("    lock_wait text DEFAULT '5000ms', lock_retries integer DEFAULT 5)\n");
        sql.Append("    LANGUAGE plpgsql\n");
        sql.Append("AS $maintain$\n");
        sql.Append("BEGIN\n");
        sql.Append("    -- The advisory lock ApplyAsync and MaintainAsync hold: never beside them, nor beside another run.\n");
        sql.Append("    PERFORM pg_catalog.pg_advisory_lock(").Append(AdvisoryLockKey.ToString(CultureInfo.InvariantCulture)).Append(");\n");
        foreach (var table in tables)
        {
            sql.Append("    IF table_name IS NULL OR table_name = ").Append(Literal(table.Schema + "." + table.Name)).Append(" THEN\n");
            sql.Append("        CALL pgx.maintain_rolling_set(now => now,\n            ").Append(Arguments(table)).Append(",\n            lock_wait => lock_wait, lock_retries => lock_retries);\n");
            sql.Append("    END IF;\n");
        }

        sql.Append("    PERFORM pg_catalog.pg_advisory_unlock(").Append(AdvisoryLockKey.ToString(CultureInfo.InvariantCulture)).Append(");\n");
        sql.Append("END\n");
        sql.Append("$maintain$;\n");
        var text = sql.ToString();
        comment = "Pgx rolling partition maintenance of " + string.Join(", ", tables.Select(t => t.Schema + "." + t.Name)) + "; version " + Hash(text);
        return text;
    }

    private static string Hash(string text)
    {
        unchecked
        {
            var hash = 14695981039346656037UL;
            foreach (var ch in text)
            {
                hash = (hash ^ ch) * 1099511628211UL;
            }

            return hash.ToString("x16", CultureInfo.InvariantCulture);
        }
    }

    private static string Arguments(TableModel table)
    {
        var partitioning = table.Partitioning!;
        var rolling = partitioning.Rolling!;
        var rule = RollingInterval.Parse(rolling.Interval, rolling.IntegerKey, out _)
            ?? throw new InvalidOperationException("The rolling interval '" + rolling.Interval + "' of " + table.Schema + "." + table.Name + " is not valid.");
        var retain = rolling.Retain is { } r ? RollingInterval.Parse(r, rolling.IntegerKey, out _) ?? rule : null;
        var start = rolling.Start is { } s ? rule.PartitionOf(long.Parse(s, CultureInfo.InvariantCulture)) : (long?)null;
        var keyType = table.Columns.First(c => c.Name == partitioning.KeyColumn).Type;
        var defaultPartition = partitioning.Partitions.FirstOrDefault(p => p.IsDefault)?.Name;
        var trigger = partitioning.IsTriggerRouted && partitioning.RoutingFunction is not null;
        var indexes = new StringBuilder("[");
        foreach (var index in table.Indexes)
        {
            indexes.Append(indexes.Length > 1 ? ", " : "").Append("{\"columns\": [");
            for (var i = 0; i < index.Columns.Count; i++)
            {
                indexes.Append(i > 0 ? ", " : "");
                JsonText.WriteString(indexes, index.Columns[i]);
            }

            indexes.Append("], \"unique\": ").Append(index.Unique ? "true" : "false").Append('}');
        }

        indexes.Append(']');
        var arguments = new (string Name, string Value)[]
        {
            ("table_schema", Literal(table.Schema)), ("table_name", Literal(table.Name)), ("key_column", Literal(partitioning.KeyColumn)), ("key_type", Literal(keyType)),
            ("unit", Literal(Unit(rule))), ("width", Number(rule.Count)), ("premake", rolling.Premake.ToString(CultureInfo.InvariantCulture)),
            ("start_partition", start is { } p ? Number(p) : "NULL"),
            ("retain_unit", retain is null ? "NULL" : Literal(Unit(retain))), ("retain_width", retain is null ? "NULL" : Number(retain.Count)),
            ("drop_retired", rolling.RetentionMode == "drop" ? "true" : "false"),
            ("fixed_partitions", Array(partitioning.Partitions.Select(x => x.Name))), ("default_partition", defaultPartition is null ? "NULL" : Literal(defaultPartition)),
            ("column_names", Array(table.Columns.Select(c => c.Name))), ("primary_key", Array(table.PrimaryKey)), ("indexes", Literal(indexes.ToString()) + "::jsonb"),
            ("routing_function", trigger ? Literal(partitioning.RoutingFunction!) : "NULL"),
            ("routing_branches", trigger && rolling.RoutingBranches is { } branches ? Literal(branches) : "NULL"),
            ("routing_fallback", trigger && rolling.RoutingFallback is { } fallback ? Literal(fallback) : "NULL"),
        };
        return string.Join(",\n            ", arguments.Select(a => a.Name + " => " + a.Value));
    }

    private static string Unit(RollingInterval rule) => rule.Unit.ToString().ToLowerInvariant();

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Array(IEnumerable<string> values) => "ARRAY[" + string.Join(", ", values.Select(Literal)) + "]::text[]";

    /// <summary>A string literal; <c>E''</c> when it holds a backslash, so it reads the same whatever standard_conforming_strings says.</summary>
    private static string Literal(string value) => value.IndexOf('\\') < 0
        ? "'" + value.Replace("'", "''") + "'"
        : "E'" + value.Replace("\\", "\\\\").Replace("'", "''") + "'";
}
