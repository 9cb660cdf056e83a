-- up

-- function public.add(a integer, b integer)
CREATE OR REPLACE FUNCTION public.add(a integer, b integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT a + b + 0 $function$;

-- function public.twice(x integer)
CREATE OR REPLACE FUNCTION public.twice(x integer)
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE
AS $function$
BEGIN
    RETURN x * 2;
END
$function$;
COMMENT ON FUNCTION public.twice(x integer) IS 'doubles';

-- function public.gone()
DROP FUNCTION public.gone();

-- down

-- function public.gone()
CREATE OR REPLACE FUNCTION public.gone()
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT 1 $function$;

-- function public.twice(x integer)
DROP FUNCTION public.twice(x integer);

-- function public.add(a integer, b integer)
CREATE OR REPLACE FUNCTION public.add(a integer, b integer)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT a + b $function$;
