-- note: enum public.mood: PostgreSQL cannot remove or reorder enum values in place: the type is re-created (renamed, created anew, columns converted through text, old type dropped)
-- up

-- view public.v
DROP VIEW public.v;

-- enum public.mood
-- strata:ignore column-type-change-rewrite the enum is re-created: its columns are converted to the new type, which rewrites their tables
ALTER TYPE public.mood RENAME TO mood_strata_old;
CREATE TYPE public.mood AS ENUM ('sad', 'happy');
ALTER TABLE public.t ALTER COLUMN m DROP DEFAULT;
ALTER TABLE public.t ALTER COLUMN m TYPE public.mood USING m::text::public.mood;
ALTER TABLE public.t ALTER COLUMN m SET DEFAULT 'happy'::public.mood;
ALTER TABLE public.t ALTER COLUMN ms TYPE public.mood[] USING ms::text[]::public.mood[];
DROP TYPE public.mood_strata_old;

-- view public.v
CREATE VIEW public.v AS
 SELECT t.id,
    t.m
   FROM public.t;

-- down

-- view public.v
DROP VIEW public.v;

-- enum public.mood
ALTER TYPE public.mood RENAME TO mood_strata_old;
CREATE TYPE public.mood AS ENUM ('sad', 'meh', 'happy');
ALTER TABLE public.t ALTER COLUMN m DROP DEFAULT;
ALTER TABLE public.t ALTER COLUMN m TYPE public.mood USING m::text::public.mood;
ALTER TABLE public.t ALTER COLUMN m SET DEFAULT 'happy'::public.mood;
ALTER TABLE public.t ALTER COLUMN ms TYPE public.mood[] USING ms::text[]::public.mood[];
DROP TYPE public.mood_strata_old;

-- view public.v
CREATE VIEW public.v AS
 SELECT t.id,
    t.m
   FROM public.t;
