-- with: grants
-- current
DO $$ BEGIN CREATE ROLE strata_autogen_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE strata_autogen_admin NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO strata_autogen_app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, total numeric);
ALTER TABLE app.orders OWNER TO strata_autogen_app;
CREATE VIEW app.big_orders AS SELECT id, total FROM app.orders WHERE total > 100;
ALTER VIEW app.big_orders OWNER TO strata_autogen_app;
-- desired
DO $$ BEGIN CREATE ROLE strata_autogen_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE strata_autogen_admin NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO strata_autogen_app;
CREATE TABLE app.orders (id bigint PRIMARY KEY, total numeric);
ALTER TABLE app.orders OWNER TO strata_autogen_admin;
CREATE VIEW app.big_orders AS SELECT id, total FROM app.orders WHERE total > 100;
ALTER VIEW app.big_orders OWNER TO strata_autogen_admin;
