-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, qty integer, CONSTRAINT t_old_check CHECK (qty > -100));
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, qty integer, CONSTRAINT t_qty_check CHECK (qty >= 0));
COMMENT ON CONSTRAINT t_qty_check ON public.t IS 'no negative stock';
