-- current
CREATE DOMAIN public.positive AS integer CHECK (VALUE > 0);
-- desired
CREATE SCHEMA app;
CREATE DOMAIN public.positive AS integer CHECK (VALUE >= 1);
CREATE TYPE app.pair AS (a integer, b text);
CREATE TABLE app.t (id bigint PRIMARY KEY, p app.pair, n public.positive);
COMMENT ON SCHEMA app IS 'the app';
