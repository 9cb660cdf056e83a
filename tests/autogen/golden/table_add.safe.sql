-- up

-- table public.b
CREATE TABLE public.b (
    id bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.b_id_seq START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1) NOT NULL,
    a_id bigint NOT NULL,
    note text DEFAULT 'x'::text,
    CONSTRAINT b_note_check CHECK ((note <> ''::text)),
    CONSTRAINT b_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE public.b IS 'the b table';
COMMENT ON COLUMN public.b.note IS 'a note';

-- index public.b_a_id_idx
CREATE INDEX b_a_id_idx ON public.b USING btree (a_id);

-- constraint public.b.b_a_id_fkey
ALTER TABLE public.b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES public.a(id) ON DELETE CASCADE;

-- down

-- table public.b
DROP TABLE public.b;
