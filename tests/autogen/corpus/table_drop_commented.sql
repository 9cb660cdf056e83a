-- current
CREATE TABLE public.owners (id bigint PRIMARY KEY);
CREATE TABLE public.items (
    id bigint CONSTRAINT items_pkey PRIMARY KEY,
    owner_id bigint CONSTRAINT items_owner_fkey REFERENCES public.owners (id),
    code text CONSTRAINT items_code_key UNIQUE,
    qty integer CONSTRAINT items_qty_check CHECK (qty >= 0),
    note text
);
ALTER TABLE public.items ADD CONSTRAINT items_note_check CHECK (length(note) < 100) NOT VALID;
CREATE INDEX items_owner_id_idx ON public.items (owner_id);
CREATE TRIGGER items_touch BEFORE UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
ALTER TABLE public.items ENABLE ROW LEVEL SECURITY;
CREATE POLICY items_mine ON public.items FOR SELECT USING (owner_id > 0);
COMMENT ON TABLE public.items IS 'things people own';
COMMENT ON COLUMN public.items.qty IS 'how many';
COMMENT ON CONSTRAINT items_pkey ON public.items IS 'one row per item';
COMMENT ON CONSTRAINT items_owner_fkey ON public.items IS 'who owns it';
COMMENT ON CONSTRAINT items_code_key ON public.items IS 'codes are unique';
COMMENT ON CONSTRAINT items_qty_check ON public.items IS 'never negative';
COMMENT ON CONSTRAINT items_note_check ON public.items IS 'short notes';
COMMENT ON INDEX public.items_owner_id_idx IS 'items by owner';
COMMENT ON TRIGGER items_touch ON public.items IS 'skips no-op updates';
COMMENT ON POLICY items_mine ON public.items IS 'owners see their items';
-- desired
CREATE TABLE public.owners (id bigint PRIMARY KEY);
