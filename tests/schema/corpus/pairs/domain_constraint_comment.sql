-- expect: ~ check public.d.positive: comment null -> "Above zero"
-- from:
CREATE DOMAIN public.d AS integer CONSTRAINT positive CHECK (VALUE > 0);
-- to:
CREATE DOMAIN public.d AS integer CONSTRAINT positive CHECK (VALUE > 0);
COMMENT ON CONSTRAINT positive ON DOMAIN public.d IS 'Above zero';
