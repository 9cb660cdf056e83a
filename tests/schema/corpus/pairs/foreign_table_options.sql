-- expect: ~ foreign table public.ft: foreign_options ["table_name=a"] -> ["table_name=b"]
-- from:
CREATE FOREIGN DATA WRAPPER w;
CREATE SERVER s FOREIGN DATA WRAPPER w;
CREATE FOREIGN TABLE public.ft (id int) SERVER s OPTIONS (table_name 'a');
-- to:
CREATE FOREIGN DATA WRAPPER w;
CREATE SERVER s FOREIGN DATA WRAPPER w;
CREATE FOREIGN TABLE public.ft (id int) SERVER s OPTIONS (table_name 'b');
