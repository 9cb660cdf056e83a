-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, name text, active boolean);
CREATE VIEW public.v AS SELECT id, name FROM public.t;
CREATE VIEW public.v2 AS SELECT id FROM public.v;
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, name text, active boolean);
CREATE VIEW public.v AS SELECT id, name FROM public.t WHERE active;
CREATE VIEW public.v2 AS SELECT id FROM public.v;
COMMENT ON VIEW public.v IS 'active only';
