-- up

-- index public.t_a_idx
DROP INDEX public.t_a_idx;

-- down

-- index public.t_a_idx
CREATE INDEX t_a_idx ON public.t USING btree (a);
