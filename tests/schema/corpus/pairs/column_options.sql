-- expect: ~ column public.t.v: options [] -> ["n_distinct=100"]
-- from:
CREATE TABLE public.t (id int, v text);
-- to:
CREATE TABLE public.t (id int, v text);
ALTER TABLE public.t ALTER COLUMN v SET (n_distinct = 100);
