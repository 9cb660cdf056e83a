-- expect: ~ aggregate public.total(integer): initcond null -> "0"
-- from:
CREATE AGGREGATE public.total(integer) (SFUNC = int4pl, STYPE = integer);
-- to:
CREATE AGGREGATE public.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');
