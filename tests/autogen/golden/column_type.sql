-- up

-- column public.t.amount
-- strata:ignore column-type-change-rewrite the type changes from integer to numeric(12,2): check whether it rewrites the table
ALTER TABLE public.t ALTER COLUMN amount DROP DEFAULT;
ALTER TABLE public.t ALTER COLUMN amount TYPE numeric(12,2) USING amount::numeric(12,2);
ALTER TABLE public.t ALTER COLUMN amount SET DEFAULT 0.5;

-- down

-- column public.t.amount
ALTER TABLE public.t ALTER COLUMN amount DROP DEFAULT;
ALTER TABLE public.t ALTER COLUMN amount TYPE integer USING amount::integer;
ALTER TABLE public.t ALTER COLUMN amount SET DEFAULT 0;
