-- expect: ~ column public.t.v: statistics null -> 500
-- from:
CREATE TABLE public.t (id int, v text);
-- to:
CREATE TABLE public.t (id int, v text);
ALTER TABLE public.t ALTER COLUMN v SET STATISTICS 500;
