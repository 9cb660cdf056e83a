-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, email text, created_at timestamptz);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, email text, created_at timestamptz);
CREATE UNIQUE INDEX t_email_idx ON public.t (lower(email));
CREATE INDEX t_created_idx ON public.t (created_at) WHERE email IS NOT NULL;
