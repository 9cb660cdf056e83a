-- up

-- index public.t_ab_idx (no transaction: one statement at a time)
ALTER INDEX public.t_ab_idx RENAME TO t_ab_idx_strata_old;
CREATE INDEX CONCURRENTLY t_ab_idx ON public.t USING btree (a, b);
DROP INDEX CONCURRENTLY public.t_ab_idx_strata_old;
COMMENT ON INDEX public.t_ab_idx IS 'covers both';

-- down

-- index public.t_ab_idx (no transaction: one statement at a time)
ALTER INDEX public.t_ab_idx RENAME TO t_ab_idx_strata_old;
CREATE INDEX CONCURRENTLY t_ab_idx ON public.t USING btree (a);
DROP INDEX CONCURRENTLY public.t_ab_idx_strata_old;
