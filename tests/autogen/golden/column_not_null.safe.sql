-- up

-- column public.t.email not null
ALTER TABLE public.t ADD CONSTRAINT t_email_not_null CHECK (email IS NOT NULL) NOT VALID;

-- column public.t.nick not null
ALTER TABLE public.t ALTER COLUMN nick DROP NOT NULL;

-- column public.t.email not null
ALTER TABLE public.t VALIDATE CONSTRAINT t_email_not_null;
ALTER TABLE public.t ALTER COLUMN email SET NOT NULL;
ALTER TABLE public.t DROP CONSTRAINT t_email_not_null;

-- down

-- column public.t.email not null
ALTER TABLE public.t ALTER COLUMN email DROP NOT NULL;
ALTER TABLE public.t ADD CONSTRAINT t_email_not_null CHECK (email IS NOT NULL) NOT VALID;

-- column public.t.nick not null
ALTER TABLE public.t ALTER COLUMN nick SET NOT NULL;

-- column public.t.email not null
ALTER TABLE public.t DROP CONSTRAINT t_email_not_null;
