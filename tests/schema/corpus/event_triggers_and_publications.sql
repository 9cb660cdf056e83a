-- Event triggers (enabled, disabled, with tags) and publications (all tables, a table list with
-- a column list and row filter, tables in schema, publish options).
CREATE SCHEMA pub;
CREATE TABLE pub.orders (id int PRIMARY KEY, region text, total numeric, secret text);
CREATE TABLE pub.customers (id int PRIMARY KEY, name text);
CREATE SCHEMA pubs_all;
CREATE TABLE pubs_all.items (id int PRIMARY KEY);

CREATE FUNCTION public.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN RAISE NOTICE 'ddl: %', tg_tag; END $$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end
    WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION public.log_ddl();
CREATE EVENT TRIGGER log_drops ON sql_drop EXECUTE FUNCTION public.log_ddl();
ALTER EVENT TRIGGER log_drops DISABLE;
COMMENT ON EVENT TRIGGER log_ddl IS 'Audit of schema changes';

CREATE PUBLICATION everything FOR ALL TABLES;
CREATE PUBLICATION eu_orders FOR TABLE pub.orders (id, region, total) WHERE (region = 'eu'),
    pub.customers WITH (publish = 'insert, update');
CREATE PUBLICATION whole_schema FOR TABLES IN SCHEMA pubs_all WITH (publish_via_partition_root = true);
COMMENT ON PUBLICATION eu_orders IS 'Orders for the EU warehouse';
