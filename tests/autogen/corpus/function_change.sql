-- current
CREATE FUNCTION public.add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT a + b $$;
CREATE FUNCTION public.gone() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
-- desired
CREATE FUNCTION public.add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT a + b + 0 $$;
CREATE FUNCTION public.twice(x integer) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN x * 2;
END
$$;
COMMENT ON FUNCTION public.twice(integer) IS 'doubles';
