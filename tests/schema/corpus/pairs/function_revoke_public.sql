-- expect: ~ function public.f(): grants [] -> [{"grantable":false,"grantee":"PUBLIC","privilege":"EXECUTE","revoked":true}]
-- from:
CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
-- to:
CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
REVOKE EXECUTE ON FUNCTION public.f() FROM PUBLIC;
