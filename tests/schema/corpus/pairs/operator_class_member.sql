-- expect: ~ operator class public.c USING btree: function 001 (integer, integer) "public.cmp_a(integer,integer)" -> "public.cmp_b(integer,integer)"
-- from:
CREATE FUNCTION public.cmp_a(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT 0';
CREATE FUNCTION public.cmp_b(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT 0';
CREATE OPERATOR CLASS public.c FOR TYPE integer USING btree AS
    OPERATOR 1 <, OPERATOR 3 =, FUNCTION 1 public.cmp_a(integer, integer);
-- to:
CREATE FUNCTION public.cmp_a(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT 0';
CREATE FUNCTION public.cmp_b(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT 0';
CREATE OPERATOR CLASS public.c FOR TYPE integer USING btree AS
    OPERATOR 1 <, OPERATOR 3 =, FUNCTION 1 public.cmp_b(integer, integer);
