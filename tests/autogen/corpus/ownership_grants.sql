-- with: grants
-- current
DO $$ BEGIN CREATE ROLE strata_autogen_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text, secret text);
CREATE FUNCTION public.account_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM public.accounts';
GRANT SELECT ON public.accounts TO strata_autogen_reader;
-- desired
DO $$ BEGIN CREATE ROLE strata_autogen_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text, secret text);
CREATE FUNCTION public.account_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM public.accounts';
GRANT SELECT, INSERT ON public.accounts TO strata_autogen_reader WITH GRANT OPTION;
GRANT UPDATE (email) ON public.accounts TO strata_autogen_reader;
REVOKE EXECUTE ON FUNCTION public.account_count() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.account_count() TO strata_autogen_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE strata_autogen_reader IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;
