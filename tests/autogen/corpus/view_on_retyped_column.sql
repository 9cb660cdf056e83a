-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, amount integer);
CREATE VIEW public.totals AS SELECT sum(amount) AS total FROM public.t;
CREATE MATERIALIZED VIEW public.m AS SELECT id, amount FROM public.t;
CREATE INDEX m_id_idx ON public.m (id);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, amount bigint);
CREATE VIEW public.totals AS SELECT sum(amount) AS total FROM public.t;
CREATE MATERIALIZED VIEW public.m AS SELECT id, amount FROM public.t;
CREATE INDEX m_id_idx ON public.m (id);
