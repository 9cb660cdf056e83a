-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_old BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();
ALTER TABLE public.t DISABLE TRIGGER t_touch;
COMMENT ON TRIGGER t_touch ON public.t IS 'stamps updates';
