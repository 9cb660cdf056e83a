-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, a text);
CREATE INDEX t_a_idx ON public.t (a);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, a text);
