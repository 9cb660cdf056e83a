-- up

-- ownership of FUNCTION public.account_count()
REVOKE EXECUTE ON FUNCTION public.account_count() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.account_count() TO strata_autogen_reader;

-- ownership of TABLE public.accounts
REVOKE SELECT ON TABLE public.accounts FROM strata_autogen_reader;
GRANT INSERT ON TABLE public.accounts TO strata_autogen_reader WITH GRANT OPTION;
GRANT SELECT ON TABLE public.accounts TO strata_autogen_reader WITH GRANT OPTION;

-- privileges on column public.accounts.email
GRANT UPDATE (email) ON TABLE public.accounts TO strata_autogen_reader;

-- default privileges FOR ROLE strata_autogen_reader IN SCHEMA public ON TABLES
ALTER DEFAULT PRIVILEGES FOR ROLE strata_autogen_reader IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;

-- down

-- default privileges FOR ROLE strata_autogen_reader IN SCHEMA public ON TABLES
ALTER DEFAULT PRIVILEGES FOR ROLE strata_autogen_reader IN SCHEMA public REVOKE SELECT ON TABLES FROM PUBLIC;

-- privileges on column public.accounts.email
REVOKE UPDATE (email) ON TABLE public.accounts FROM strata_autogen_reader;

-- ownership of TABLE public.accounts
REVOKE INSERT ON TABLE public.accounts FROM strata_autogen_reader;
REVOKE SELECT ON TABLE public.accounts FROM strata_autogen_reader;
GRANT SELECT ON TABLE public.accounts TO strata_autogen_reader;

-- ownership of FUNCTION public.account_count()
GRANT EXECUTE ON FUNCTION public.account_count() TO PUBLIC;
REVOKE EXECUTE ON FUNCTION public.account_count() FROM strata_autogen_reader;
