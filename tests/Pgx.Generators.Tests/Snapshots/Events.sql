CREATE SCHEMA IF NOT EXISTS telemetry;

-- telemetry.events (Telemetry.Event): RANGE partitions on occurred_at, declarative
CREATE SEQUENCE IF NOT EXISTS telemetry.events_id_seq AS bigint;
CREATE TABLE IF NOT EXISTS telemetry.events (
    id bigint NOT NULL DEFAULT nextval('telemetry.events_id_seq'::regclass),
    occurred_at timestamptz NOT NULL,
    device_id uuid NOT NULL,
    reading double precision NOT NULL,
    note text,
    CONSTRAINT events_pkey PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE IF NOT EXISTS telemetry.events_2026_10 PARTITION OF telemetry.events FOR VALUES FROM ('2026-10-01 00:00:00+00') TO ('2026-11-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS telemetry.events_2026_11 PARTITION OF telemetry.events FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00');
CREATE TABLE IF NOT EXISTS telemetry.events_default PARTITION OF telemetry.events DEFAULT;
DO $pgx$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::regclass AND objid = 'telemetry.events_id_seq'::regclass AND deptype = 'a') THEN
        ALTER SEQUENCE telemetry.events_id_seq OWNED BY telemetry.events.id;
    END IF;
    IF pg_catalog.to_regclass('telemetry.events_device_id_idx') IS NULL THEN
        CREATE INDEX events_device_id_idx ON telemetry.events (device_id);
    END IF;
END
$pgx$;

