-- up

-- view public.totals
DROP VIEW public.totals;

-- materialized view public.m
DROP MATERIALIZED VIEW public.m;

-- column public.t.amount
-- strata:ignore column-type-change-rewrite the type changes from integer to bigint: check whether it rewrites the table
ALTER TABLE public.t ALTER COLUMN amount TYPE bigint USING amount::bigint;

-- materialized view public.m
CREATE MATERIALIZED VIEW public.m AS
 SELECT t.id,
    t.amount
   FROM public.t
WITH NO DATA;

-- view public.totals
CREATE VIEW public.totals AS
 SELECT sum(t.amount) AS total
   FROM public.t;

-- index public.m_id_idx
CREATE INDEX m_id_idx ON public.m USING btree (id);

-- down

-- view public.totals
DROP VIEW public.totals;

-- materialized view public.m
DROP MATERIALIZED VIEW public.m;

-- column public.t.amount
ALTER TABLE public.t ALTER COLUMN amount TYPE integer USING amount::integer;

-- materialized view public.m
CREATE MATERIALIZED VIEW public.m AS
 SELECT t.id,
    t.amount
   FROM public.t
WITH NO DATA;

-- view public.totals
CREATE VIEW public.totals AS
 SELECT sum(t.amount) AS total
   FROM public.t;

-- index public.m_id_idx
CREATE INDEX m_id_idx ON public.m USING btree (id);
