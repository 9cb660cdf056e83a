-- Foreign data wrappers without an extension, servers with options, user mappings (the
-- password never leaves the database) and an access method for tables.
CREATE FOREIGN DATA WRAPPER dummy_fdw OPTIONS (debug 'true');
CREATE SERVER warehouse TYPE 'postgres' VERSION '15' FOREIGN DATA WRAPPER dummy_fdw
    OPTIONS (host 'warehouse.internal', dbname 'wh');
COMMENT ON SERVER warehouse IS 'The reporting warehouse';
CREATE USER MAPPING FOR PUBLIC SERVER warehouse OPTIONS (user 'reader');
CREATE USER MAPPING FOR CURRENT_USER SERVER warehouse OPTIONS (user 'admin');
CREATE ACCESS METHOD heap_copy TYPE TABLE HANDLER heap_tableam_handler;
COMMENT ON ACCESS METHOD heap_copy IS 'The heap under another name';

-- Foreign tables: table and column options, defaults, NOT NULL, a CHECK, a collation,
-- statistics, comments, grants, and a foreign table that is a partition.
CREATE FOREIGN TABLE public.remote_orders (
    id bigint OPTIONS (column_name 'order_id') NOT NULL,
    note text OPTIONS (column_name 'memo', quote 'yes') COLLATE "C" DEFAULT 'none',
    amount numeric(12,2) CHECK (amount >= 0)
) SERVER warehouse OPTIONS (schema_name 'sales', table_name 'orders');
COMMENT ON FOREIGN TABLE public.remote_orders IS 'Orders in the warehouse';
COMMENT ON COLUMN public.remote_orders.id IS 'The warehouse id';
ALTER FOREIGN TABLE public.remote_orders ALTER COLUMN amount SET STATISTICS 500;
GRANT SELECT ON public.remote_orders TO strata_app;
CREATE TABLE public.events (id bigint, happened_on date) PARTITION BY RANGE (happened_on);
CREATE FOREIGN TABLE public.events_2020 PARTITION OF public.events
    FOR VALUES FROM ('2020-01-01') TO ('2021-01-01') SERVER warehouse OPTIONS (table_name 'ev20');
