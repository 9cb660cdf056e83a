-- expect: ~ table public.t: options ["fillfactor=70"] -> ["fillfactor=50"]
-- from:
CREATE TABLE public.t (id int) WITH (fillfactor = 70);
-- to:
CREATE TABLE public.t (id int) WITH (fillfactor = 50);
