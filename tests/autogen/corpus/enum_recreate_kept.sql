-- with: grants
-- current
DO $$ BEGIN CREATE ROLE strata_autogen_typist NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TYPE public.status AS ENUM ('new', 'open', 'closed');
COMMENT ON TYPE public.status IS 'where a ticket stands';
ALTER TYPE public.status OWNER TO strata_autogen_typist;
REVOKE USAGE ON TYPE public.status FROM PUBLIC;
GRANT USAGE ON TYPE public.status TO strata_autogen_typist;
CREATE TABLE public.tickets (id bigint PRIMARY KEY, status public.status);
-- desired
DO $$ BEGIN CREATE ROLE strata_autogen_typist NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TYPE public.status AS ENUM ('new', 'closed');
COMMENT ON TYPE public.status IS 'where a ticket stands';
ALTER TYPE public.status OWNER TO strata_autogen_typist;
REVOKE USAGE ON TYPE public.status FROM PUBLIC;
GRANT USAGE ON TYPE public.status TO strata_autogen_typist;
CREATE TABLE public.tickets (id bigint PRIMARY KEY, status public.status);
