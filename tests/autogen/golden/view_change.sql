-- up

-- view public.v2
DROP VIEW public.v2;

-- view public.v
DROP VIEW public.v;

-- view public.v
CREATE VIEW public.v AS
 SELECT t.id,
    t.name
   FROM public.t
  WHERE t.active;
COMMENT ON VIEW public.v IS 'active only';

-- view public.v2
CREATE VIEW public.v2 AS
 SELECT v.id
   FROM public.v;

-- down

-- view public.v2
DROP VIEW public.v2;

-- view public.v
DROP VIEW public.v;

-- view public.v
CREATE VIEW public.v AS
 SELECT t.id,
    t.name
   FROM public.t;

-- view public.v2
CREATE VIEW public.v2 AS
 SELECT v.id
   FROM public.v;
