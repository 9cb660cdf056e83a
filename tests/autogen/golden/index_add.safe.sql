-- up

-- index public.t_created_idx (no transaction: one statement at a time)
CREATE INDEX CONCURRENTLY t_created_idx ON public.t USING btree (created_at) WHERE (email IS NOT NULL);

-- index public.t_email_idx (no transaction: one statement at a time)
CREATE UNIQUE INDEX CONCURRENTLY t_email_idx ON public.t USING btree (lower(email));

-- down

-- index public.t_email_idx (no transaction: one statement at a time)
DROP INDEX CONCURRENTLY public.t_email_idx;

-- index public.t_created_idx (no transaction: one statement at a time)
DROP INDEX CONCURRENTLY public.t_created_idx;
