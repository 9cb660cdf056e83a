-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, a text, b text);
CREATE INDEX t_ab_idx ON public.t (a);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, a text, b text);
CREATE INDEX t_ab_idx ON public.t (a, b);
COMMENT ON INDEX public.t_ab_idx IS 'covers both';
