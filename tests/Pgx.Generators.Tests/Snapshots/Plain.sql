CREATE SCHEMA IF NOT EXISTS sales;

-- sales."Order" (Shop.Orders.Order)
CREATE SEQUENCE IF NOT EXISTS sales."Order_order_id_seq" AS integer;
CREATE TABLE IF NOT EXISTS sales."Order" (
    order_id integer NOT NULL DEFAULT nextval('sales."Order_order_id_seq"'::regclass),
    customer_email text NOT NULL,
    total numeric(12,2) NOT NULL,
    lines smallint NOT NULL,
    is_gift boolean NOT NULL,
    weight real NOT NULL,
    placed_local timestamp NOT NULL,
    due_on date NOT NULL,
    due_at time NOT NULL,
    signature bytea,
    state integer NOT NULL,
    priority integer,
    "user" text NOT NULL,
    CONSTRAINT "Order_pkey" PRIMARY KEY (order_id)
);
DO $pgx$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::regclass AND objid = 'sales."Order_order_id_seq"'::regclass AND deptype = 'a') THEN
        ALTER SEQUENCE sales."Order_order_id_seq" OWNED BY sales."Order".order_id;
    END IF;
    IF pg_catalog.to_regclass('sales."Order_customer_email_key"') IS NULL THEN
        CREATE UNIQUE INDEX "Order_customer_email_key" ON sales."Order" (customer_email);
    END IF;
END
$pgx$;

