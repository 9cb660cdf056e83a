-- up

-- table public.people
-- strata:ignore rename-table the desired schema renames it (-- strata:renamed-from)
ALTER TABLE public.people RENAME TO users;

-- down

-- table public.people
ALTER TABLE public.users RENAME TO people;
