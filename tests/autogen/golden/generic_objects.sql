-- up

-- collation public.ci
CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- type public.floatrange
CREATE TYPE public.floatrange AS RANGE (
    subtype = double precision,
    multirange_type_name = public.floatmultirange
);

-- function public.total(integer)
DROP AGGREGATE public.total(integer);
CREATE AGGREGATE public.total(integer) (
    SFUNC = int4pl,
    STYPE = integer,
    INITCOND = '0'
);

-- down

-- function public.total(integer)
DROP AGGREGATE public.total(integer);
CREATE AGGREGATE public.total(integer) (
    SFUNC = int4pl,
    STYPE = integer
);

-- type public.floatrange
DROP TYPE public.floatrange;

-- collation public.ci
DROP COLLATION public.ci;
