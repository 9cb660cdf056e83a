-- up

-- index public.t_a_idx (no transaction: one statement at a time)
DROP INDEX CONCURRENTLY public.t_a_idx;

-- down

-- index public.t_a_idx (no transaction: one statement at a time)
CREATE INDEX CONCURRENTLY t_a_idx ON public.t USING btree (a);
