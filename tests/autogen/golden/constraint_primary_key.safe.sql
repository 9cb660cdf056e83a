-- up

-- index public.t_pkey (no transaction: one statement at a time)
CREATE UNIQUE INDEX CONCURRENTLY t_pkey ON public.t (id);

-- constraint public.t.t_pkey
ALTER TABLE public.t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;

-- down

-- constraint public.t.t_pkey
ALTER TABLE public.t DROP CONSTRAINT t_pkey;

-- index public.t_pkey (no transaction: one statement at a time)
DROP INDEX CONCURRENTLY IF EXISTS public.t_pkey;
