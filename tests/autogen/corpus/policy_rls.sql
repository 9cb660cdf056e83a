-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, owner_name text);
CREATE POLICY t_old ON public.t USING (true);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, owner_name text);
ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.t FORCE ROW LEVEL SECURITY;
CREATE POLICY t_own ON public.t FOR SELECT USING (owner_name = current_user);
CREATE POLICY t_insert ON public.t AS RESTRICTIVE FOR INSERT WITH CHECK (owner_name = current_user);
COMMENT ON POLICY t_own ON public.t IS 'owners see their rows';
