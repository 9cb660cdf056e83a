-- expect: ~ range type public.floatrange: subtype_diff null -> "float8mi"
-- from:
CREATE TYPE public.floatrange AS RANGE (subtype = float8);
-- to:
CREATE TYPE public.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
