-- expect: ~ table public.t: replica_identity "" -> "FULL"
-- from:
CREATE TABLE public.t (id int);
-- to:
CREATE TABLE public.t (id int);
ALTER TABLE public.t REPLICA IDENTITY FULL;
