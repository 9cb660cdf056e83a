-- up

-- comment on COLUMN public.t.a
COMMENT ON COLUMN public.t.a IS 'the a';

-- comment on COLUMN public.t.id
COMMENT ON COLUMN public.t.id IS NULL;

-- comment on TABLE public.t
COMMENT ON TABLE public.t IS 'new';

-- down

-- comment on TABLE public.t
COMMENT ON TABLE public.t IS 'old';

-- comment on COLUMN public.t.id
COMMENT ON COLUMN public.t.id IS 'the id';

-- comment on COLUMN public.t.a
COMMENT ON COLUMN public.t.a IS NULL;
