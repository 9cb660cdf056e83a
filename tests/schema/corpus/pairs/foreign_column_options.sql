-- expect: ~ column public.ft.id: foreign_options [] -> ["column_name=remote_id"]
-- from:
CREATE FOREIGN DATA WRAPPER w;
CREATE SERVER s FOREIGN DATA WRAPPER w;
CREATE FOREIGN TABLE public.ft (id int) SERVER s;
-- to:
CREATE FOREIGN DATA WRAPPER w;
CREATE SERVER s FOREIGN DATA WRAPPER w;
CREATE FOREIGN TABLE public.ft (id int OPTIONS (column_name 'remote_id')) SERVER s;
