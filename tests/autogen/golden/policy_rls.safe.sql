-- up

-- policy public.t.t_old
DROP POLICY t_old ON public.t;

-- table public.t row-level security
ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;

-- table public.t forced row-level security
ALTER TABLE public.t FORCE ROW LEVEL SECURITY;

-- policy public.t.t_insert
CREATE POLICY t_insert ON public.t AS RESTRICTIVE FOR INSERT TO PUBLIC
    WITH CHECK ((owner_name = CURRENT_USER));

-- policy public.t.t_own
CREATE POLICY t_own ON public.t AS PERMISSIVE FOR SELECT TO PUBLIC
    USING ((owner_name = CURRENT_USER));
COMMENT ON POLICY t_own ON public.t IS 'owners see their rows';

-- down

-- policy public.t.t_own
DROP POLICY t_own ON public.t;

-- policy public.t.t_insert
DROP POLICY t_insert ON public.t;

-- table public.t forced row-level security
ALTER TABLE public.t NO FORCE ROW LEVEL SECURITY;

-- table public.t row-level security
ALTER TABLE public.t DISABLE ROW LEVEL SECURITY;

-- policy public.t.t_old
CREATE POLICY t_old ON public.t AS PERMISSIVE FOR ALL TO PUBLIC
    USING (true);
