CREATE SCHEMA IF NOT EXISTS ledger;

-- ledger.entries (Ledger.Entry): RANGE partitions on booked_on, routed by a BEFORE INSERT trigger
CREATE SEQUENCE IF NOT EXISTS ledger.ledger_ids AS bigint;
CREATE TABLE IF NOT EXISTS ledger.entries (
    id bigint NOT NULL DEFAULT nextval('ledger.ledger_ids'::regclass),
    booked_on date NOT NULL,
    account text NOT NULL,
    amount numeric NOT NULL,
    CONSTRAINT entries_pkey PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS ledger.entries_2025 (
    CONSTRAINT entries_2025_partition_check CHECK (booked_on >= '2025-01-01' AND booked_on < '2026-01-01'),
    CONSTRAINT entries_2025_pkey PRIMARY KEY (id)
) INHERITS (ledger.entries);
CREATE TABLE IF NOT EXISTS ledger.entries_2026 (
    CONSTRAINT entries_2026_partition_check CHECK (booked_on >= '2026-01-01' AND booked_on < '2027-01-01'),
    CONSTRAINT entries_2026_pkey PRIMARY KEY (id)
) INHERITS (ledger.entries);
CREATE TABLE IF NOT EXISTS ledger.entries_other (
    CONSTRAINT entries_other_partition_check CHECK (NOT ((booked_on >= '2025-01-01' AND booked_on < '2026-01-01') OR (booked_on >= '2026-01-01' AND booked_on < '2027-01-01'))),
    CONSTRAINT entries_other_pkey PRIMARY KEY (id)
) INHERITS (ledger.entries);
CREATE OR REPLACE FUNCTION ledger.entries_insert_trigger()
    RETURNS trigger
    LANGUAGE plpgsql
AS $pgx$
BEGIN
    IF NEW.booked_on >= '2025-01-01' AND NEW.booked_on < '2026-01-01' THEN
        INSERT INTO ledger.entries_2025 VALUES (NEW.*);
    ELSIF NEW.booked_on >= '2026-01-01' AND NEW.booked_on < '2027-01-01' THEN
        INSERT INTO ledger.entries_2026 VALUES (NEW.*);
    ELSE
        INSERT INTO ledger.entries_other VALUES (NEW.*);
    END IF;
    RETURN NULL;
END
$pgx$;
DO $pgx$
BEGIN
    IF pg_catalog.to_regclass('ledger.entries_account_idx') IS NULL THEN
        CREATE INDEX entries_account_idx ON ledger.entries (account);
    END IF;
    IF pg_catalog.to_regclass('ledger.entries_2025_account_idx') IS NULL THEN
        CREATE INDEX entries_2025_account_idx ON ledger.entries_2025 (account);
    END IF;
    IF pg_catalog.to_regclass('ledger.entries_2026_account_idx') IS NULL THEN
        CREATE INDEX entries_2026_account_idx ON ledger.entries_2026 (account);
    END IF;
    IF pg_catalog.to_regclass('ledger.entries_other_account_idx') IS NULL THEN
        CREATE INDEX entries_other_account_idx ON ledger.entries_other (account);
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_trigger WHERE tgrelid = 'ledger.entries'::regclass AND tgname = 'entries_insert_trigger') THEN
        CREATE TRIGGER entries_insert_trigger BEFORE INSERT ON ledger.entries FOR EACH ROW EXECUTE FUNCTION ledger.entries_insert_trigger();
    END IF;
END
$pgx$;

