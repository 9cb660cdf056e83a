-- current
CREATE TABLE public.t (id bigint PRIMARY KEY) WITH (fillfactor = 70);
-- desired
CREATE UNLOGGED TABLE public.t (id bigint PRIMARY KEY) WITH (autovacuum_enabled = false);
ALTER TABLE public.t REPLICA IDENTITY FULL;
