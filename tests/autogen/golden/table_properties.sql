-- up

-- table public.t options
ALTER TABLE public.t RESET (fillfactor);
ALTER TABLE public.t SET (autovacuum_enabled=false);

-- table public.t logging
ALTER TABLE public.t SET UNLOGGED;

-- table public.t replica identity
ALTER TABLE ONLY public.t REPLICA IDENTITY FULL;

-- down

-- table public.t replica identity
ALTER TABLE ONLY public.t REPLICA IDENTITY DEFAULT;

-- table public.t logging
ALTER TABLE public.t SET LOGGED;

-- table public.t options
ALTER TABLE public.t RESET (autovacuum_enabled);
ALTER TABLE public.t SET (fillfactor=70);
