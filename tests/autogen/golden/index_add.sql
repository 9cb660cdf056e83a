-- up

-- index public.t_created_idx
CREATE INDEX t_created_idx ON public.t USING btree (created_at) WHERE (email IS NOT NULL);

-- index public.t_email_idx
CREATE UNIQUE INDEX t_email_idx ON public.t USING btree (lower(email));

-- down

-- index public.t_email_idx
DROP INDEX public.t_email_idx;

-- index public.t_created_idx
DROP INDEX public.t_created_idx;
