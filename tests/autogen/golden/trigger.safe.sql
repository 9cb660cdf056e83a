-- up

-- trigger public.t.t_old
DROP TRIGGER t_old ON public.t;

-- trigger public.t.t_touch
CREATE TRIGGER t_touch BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();

ALTER TABLE public.t DISABLE TRIGGER t_touch;
COMMENT ON TRIGGER t_touch ON public.t IS 'stamps updates';

-- down

-- trigger public.t.t_touch
DROP TRIGGER t_touch ON public.t;

-- trigger public.t.t_old
CREATE TRIGGER t_old BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION public.touch();
