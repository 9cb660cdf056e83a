-- expect: ~ column public.t.email: grants [] -> [{"grantable":false,"grantee":"strata_app","privilege":"SELECT","revoked":false}]
-- from:
CREATE TABLE public.t (id int, email text);
-- to:
CREATE TABLE public.t (id int, email text);
GRANT SELECT (email) ON public.t TO strata_app;
