-- up

-- column public.t.legacy
-- strata:ignore drop-column the desired schema has no such column
ALTER TABLE public.t DROP COLUMN legacy;

-- down

-- column public.t.legacy
ALTER TABLE public.t ADD COLUMN legacy text DEFAULT 'x'::text NOT NULL;
COMMENT ON COLUMN public.t.legacy IS 'old';
