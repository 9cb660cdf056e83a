-- current
CREATE AGGREGATE public.total(integer) (SFUNC = int4pl, STYPE = integer);
-- desired
CREATE AGGREGATE public.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TYPE public.floatrange AS RANGE (subtype = float8);
