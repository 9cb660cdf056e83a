-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, a text);
COMMENT ON TABLE public.t IS 'old';
COMMENT ON COLUMN public.t.id IS 'the id';
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, a text);
COMMENT ON TABLE public.t IS 'new';
COMMENT ON COLUMN public.t.a IS 'the a';
