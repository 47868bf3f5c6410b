-- public.t (Shop.T): LIST partitions on p, routed by a BEFORE INSERT trigger
CREATE SEQUENCE IF NOT EXISTS public.t_id_seq AS bigint;
CREATE TABLE IF NOT EXISTS public.t (
    id bigint NOT NULL DEFAULT nextval('public.t_id_seq'::regclass),
    p integer NOT NULL,
    value text,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS public.t1 (
    CONSTRAINT t1_partition_check CHECK (p = 1),
    CONSTRAINT t1_pkey PRIMARY KEY (id)
) INHERITS (public.t);
CREATE TABLE IF NOT EXISTS public.t2 (
    CONSTRAINT t2_partition_check CHECK (p = 2),
    CONSTRAINT t2_pkey PRIMARY KEY (id)
) INHERITS (public.t);
CREATE OR REPLACE FUNCTION public.t_insert_trigger()
    RETURNS trigger
    LANGUAGE plpgsql
AS $pgx$
BEGIN
    IF NEW.p = 1 THEN
        INSERT INTO public.t1 VALUES (NEW.*);
    ELSIF NEW.p = 2 THEN
        INSERT INTO public.t2 VALUES (NEW.*);
    ELSE
        RAISE EXCEPTION 'no partition of table % accepts % = %', 'public.t', 'p', NEW.p
            USING ERRCODE = 'check_violation', SCHEMA = 'public', TABLE = 't', COLUMN = 'p',
                  HINT = 'Add a partition for this value, or a default partition.';
    END IF;
    RETURN NULL;
END
$pgx$;
DO $pgx$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::regclass AND objid = 'public.t_id_seq'::regclass AND deptype = 'a') THEN
        ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_trigger WHERE tgrelid = 'public.t'::regclass AND tgname = 't_insert_trigger') THEN
        CREATE TRIGGER t_insert_trigger BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.t_insert_trigger();
    END IF;
END
$pgx$;

