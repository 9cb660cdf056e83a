-- up

-- table public.items
-- strata:ignore drop-table the desired schema has no such table
DROP TABLE public.items;

-- down

-- table public.items
CREATE TABLE public.items (
    id bigint NOT NULL,
    owner_id bigint,
    code text,
    qty integer,
    note text,
    CONSTRAINT items_code_key UNIQUE (code),
    CONSTRAINT items_pkey PRIMARY KEY (id),
    CONSTRAINT items_qty_check CHECK ((qty >= 0))
);
COMMENT ON TABLE public.items IS 'things people own';
COMMENT ON COLUMN public.items.qty IS 'how many';
COMMENT ON CONSTRAINT items_code_key ON public.items IS 'codes are unique';
COMMENT ON CONSTRAINT items_pkey ON public.items IS 'one row per item';
COMMENT ON CONSTRAINT items_qty_check ON public.items IS 'never negative';

-- index public.items_owner_id_idx
CREATE INDEX items_owner_id_idx ON public.items USING btree (owner_id);
COMMENT ON INDEX public.items_owner_id_idx IS 'items by owner';

-- constraint public.items.items_note_check
ALTER TABLE public.items ADD CONSTRAINT items_note_check CHECK ((length(note) < 100)) NOT VALID;
COMMENT ON CONSTRAINT items_note_check ON public.items IS 'short notes';

-- constraint public.items.items_owner_fkey
ALTER TABLE public.items ADD CONSTRAINT items_owner_fkey FOREIGN KEY (owner_id) REFERENCES public.owners(id);
COMMENT ON CONSTRAINT items_owner_fkey ON public.items IS 'who owns it';

-- trigger public.items.items_touch
CREATE TRIGGER items_touch BEFORE UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
COMMENT ON TRIGGER items_touch ON public.items IS 'skips no-op updates';

-- row-level security of public.items
ALTER TABLE public.items ENABLE ROW LEVEL SECURITY;

CREATE POLICY items_mine ON public.items AS PERMISSIVE FOR SELECT TO PUBLIC
    USING ((owner_id > 0));
COMMENT ON POLICY items_mine ON public.items IS 'owners see their items';
