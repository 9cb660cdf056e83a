-- up

-- index public.t_ab_idx
DROP INDEX public.t_ab_idx;

-- index public.t_ab_idx
CREATE INDEX t_ab_idx ON public.t USING btree (a, b);
COMMENT ON INDEX public.t_ab_idx IS 'covers both';

-- down

-- index public.t_ab_idx
DROP INDEX public.t_ab_idx;

-- index public.t_ab_idx
CREATE INDEX t_ab_idx ON public.t USING btree (a);
