-- up

-- constraint public.t.t_old_check
ALTER TABLE public.t DROP CONSTRAINT t_old_check;

-- constraint public.t.t_qty_check
ALTER TABLE public.t ADD CONSTRAINT t_qty_check CHECK ((qty >= 0)) NOT VALID;

-- constraint public.t.t_qty_check
ALTER TABLE public.t VALIDATE CONSTRAINT t_qty_check;
COMMENT ON CONSTRAINT t_qty_check ON public.t IS 'no negative stock';

-- down

-- constraint public.t.t_qty_check
ALTER TABLE public.t DROP CONSTRAINT t_qty_check;

-- constraint public.t.t_old_check
ALTER TABLE public.t ADD CONSTRAINT t_old_check CHECK ((qty > '-100'::integer));
