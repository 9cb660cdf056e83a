-- up

-- column public.t.email_address
-- strata:ignore rename-column the desired schema renames it (-- strata:renamed-from)
ALTER TABLE public.t RENAME COLUMN email TO email_address;

-- down

-- column public.t.email_address
ALTER TABLE public.t RENAME COLUMN email_address TO email;
