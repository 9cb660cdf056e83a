-- Rules (INSTEAD, ALSO, disabled, on a view, commented), INSTEAD OF triggers on views,
-- constraint triggers, disabled and replica triggers, statement triggers with transition tables.
CREATE TABLE public.items (id int PRIMARY KEY, name text, deleted boolean NOT NULL DEFAULT false);
CREATE TABLE public.item_log (id int, at timestamptz DEFAULT now());
CREATE VIEW public.live_items AS SELECT id, name FROM public.items WHERE NOT deleted;

CREATE FUNCTION public.live_items_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.items (id, name) VALUES (NEW.id, NEW.name); RETURN NEW; END $$;
CREATE TRIGGER live_items_insert INSTEAD OF INSERT ON public.live_items
    FOR EACH ROW EXECUTE FUNCTION public.live_items_insert();
COMMENT ON TRIGGER live_items_insert ON public.live_items IS 'Inserts into items';

CREATE RULE soft_delete AS ON DELETE TO public.items
    DO INSTEAD UPDATE public.items SET deleted = true WHERE id = OLD.id;
CREATE RULE log_insert AS ON INSERT TO public.items
    DO ALSO INSERT INTO public.item_log (id) VALUES (NEW.id);
ALTER TABLE public.items DISABLE RULE log_insert;
COMMENT ON RULE soft_delete ON public.items IS 'Rows are never deleted';
CREATE RULE live_items_delete AS ON DELETE TO public.live_items
    DO INSTEAD UPDATE public.items SET deleted = true WHERE id = OLD.id;

CREATE FUNCTION public.check_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN IF NEW.name = '' THEN RAISE EXCEPTION 'empty name'; END IF; RETURN NEW; END $$;
CREATE CONSTRAINT TRIGGER items_name_check AFTER INSERT OR UPDATE ON public.items
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.check_name();
CREATE TRIGGER items_audit AFTER UPDATE ON public.items REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION public.check_name();
ALTER TABLE public.items DISABLE TRIGGER items_audit;
CREATE TRIGGER items_replica BEFORE INSERT ON public.items
    FOR EACH ROW EXECUTE FUNCTION public.check_name();
ALTER TABLE public.items ENABLE REPLICA TRIGGER items_replica;
