-- up

-- index public.t_code_key (no transaction: one statement at a time)
CREATE UNIQUE INDEX CONCURRENTLY t_code_key ON public.t (code);

-- constraint public.t.t_code_key
ALTER TABLE public.t ADD CONSTRAINT t_code_key UNIQUE USING INDEX t_code_key;

-- down

-- constraint public.t.t_code_key
ALTER TABLE public.t DROP CONSTRAINT t_code_key;

-- index public.t_code_key (no transaction: one statement at a time)
DROP INDEX CONCURRENTLY IF EXISTS public.t_code_key;
