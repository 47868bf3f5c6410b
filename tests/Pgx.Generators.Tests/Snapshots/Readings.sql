-- public.sensor_reading (Telemetry.SensorReading): HASH partitions on sensor_id, declarative
CREATE SEQUENCE IF NOT EXISTS public.sensor_reading_id_seq AS bigint;
CREATE TABLE IF NOT EXISTS public.sensor_reading (
    id bigint NOT NULL DEFAULT nextval('public.sensor_reading_id_seq'::regclass),
    sensor_id bigint NOT NULL,
    value numeric NOT NULL,
    CONSTRAINT sensor_reading_pkey PRIMARY KEY (id, sensor_id)
) PARTITION BY HASH (sensor_id);
CREATE TABLE IF NOT EXISTS public.sensor_reading_p0 PARTITION OF public.sensor_reading FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE IF NOT EXISTS public.sensor_reading_p1 PARTITION OF public.sensor_reading FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE IF NOT EXISTS public.sensor_reading_p2 PARTITION OF public.sensor_reading FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE IF NOT EXISTS public.sensor_reading_p3 PARTITION OF public.sensor_reading FOR VALUES WITH (MODULUS 4, REMAINDER 3);
DO $pgx$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::regclass AND objid = 'public.sensor_reading_id_seq'::regclass AND deptype = 'a') THEN
        ALTER SEQUENCE public.sensor_reading_id_seq OWNED BY public.sensor_reading.id;
    END IF;
END
$pgx$;

