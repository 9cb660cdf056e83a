-- up

-- column public.t.body storage
ALTER TABLE public.t ALTER COLUMN body SET STATISTICS 500;
ALTER TABLE public.t ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE public.t ALTER COLUMN body SET COMPRESSION DEFAULT;

-- column public.t.body options
ALTER TABLE public.t ALTER COLUMN body SET (n_distinct=100);

-- down

-- column public.t.body options
ALTER TABLE public.t ALTER COLUMN body RESET (n_distinct);

-- column public.t.body storage
ALTER TABLE public.t ALTER COLUMN body SET STATISTICS -1;
ALTER TABLE public.t ALTER COLUMN body SET STORAGE EXTENDED;
ALTER TABLE public.t ALTER COLUMN body SET COMPRESSION DEFAULT;
