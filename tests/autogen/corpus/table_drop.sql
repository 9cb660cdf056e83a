-- current
CREATE TABLE public.a (id bigint PRIMARY KEY);
CREATE TABLE public.b (id bigint PRIMARY KEY, a_id bigint REFERENCES public.a (id));
CREATE INDEX b_a_id_idx ON public.b (a_id);
COMMENT ON TABLE public.b IS 'goes away';
-- desired
CREATE TABLE public.a (id bigint PRIMARY KEY);
