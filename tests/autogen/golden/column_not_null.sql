-- up

-- column public.t.email not null
ALTER TABLE public.t ALTER COLUMN email SET NOT NULL;

-- column public.t.nick not null
ALTER TABLE public.t ALTER COLUMN nick DROP NOT NULL;

-- down

-- column public.t.nick not null
ALTER TABLE public.t ALTER COLUMN nick SET NOT NULL;

-- column public.t.email not null
ALTER TABLE public.t ALTER COLUMN email DROP NOT NULL;
