-- up

-- column public.t.status default
ALTER TABLE public.t ALTER COLUMN status SET DEFAULT 'new'::text;

-- column public.t.created_at default
ALTER TABLE public.t ALTER COLUMN created_at SET DEFAULT now();

-- down

-- column public.t.created_at default
ALTER TABLE public.t ALTER COLUMN created_at DROP DEFAULT;

-- column public.t.status default
ALTER TABLE public.t ALTER COLUMN status DROP DEFAULT;
