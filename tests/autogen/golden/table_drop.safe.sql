-- up

-- table public.b
-- strata:ignore drop-table the desired schema has no such table
DROP TABLE public.b;

-- down

-- table public.b
CREATE TABLE public.b (
    id bigint NOT NULL,
    a_id bigint,
    CONSTRAINT b_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE public.b IS 'goes away';

-- index public.b_a_id_idx
CREATE INDEX b_a_id_idx ON public.b USING btree (a_id);

-- constraint public.b.b_a_id_fkey
ALTER TABLE public.b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES public.a(id);
