-- current
CREATE TABLE public.a (id bigint PRIMARY KEY);
-- desired
CREATE TABLE public.a (id bigint PRIMARY KEY);
CREATE TABLE public.b (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    a_id bigint NOT NULL REFERENCES public.a (id) ON DELETE CASCADE,
    note text DEFAULT 'x' CHECK (note <> '')
);
CREATE INDEX b_a_id_idx ON public.b (a_id);
COMMENT ON TABLE public.b IS 'the b table';
COMMENT ON COLUMN public.b.note IS 'a note';
