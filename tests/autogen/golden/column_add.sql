-- up

-- column public.t.name
ALTER TABLE public.t ADD COLUMN name text;
COMMENT ON COLUMN public.t.name IS 'display name';

-- column public.t.score
ALTER TABLE public.t ADD COLUMN score integer DEFAULT 0 NOT NULL;

-- down

-- column public.t.score
ALTER TABLE public.t DROP COLUMN score;

-- column public.t.name
ALTER TABLE public.t DROP COLUMN name;
