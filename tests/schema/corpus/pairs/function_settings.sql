-- expect: ~ function public.f(): settings ["search_path=public"] -> ["search_path=pg_catalog, public"]
-- from:
CREATE FUNCTION public.f() RETURNS integer LANGUAGE sql SET search_path = public AS 'SELECT 1';
-- to:
CREATE FUNCTION public.f() RETURNS integer LANGUAGE sql SET search_path = pg_catalog, public
    AS 'SELECT 1';
