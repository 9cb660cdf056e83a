-- up

-- policy public.lines.lines_small
DROP POLICY lines_small ON public.lines;

-- trigger public.lines.lines_total_changed
DROP TRIGGER lines_total_changed ON public.lines;

-- constraint public.refunds.refunds_line_fkey
ALTER TABLE public.refunds DROP CONSTRAINT refunds_line_fkey;

-- statistics public.lines_qty_total
DROP STATISTICS public.lines_qty_total;

-- index public.lines_total_idx
DROP INDEX public.lines_total_idx;

-- index public.lines_big_idx
DROP INDEX public.lines_big_idx;

-- constraint public.lines.lines_id_total_key
ALTER TABLE public.lines DROP CONSTRAINT lines_id_total_key;

-- constraint public.lines.lines_total_positive
ALTER TABLE public.lines DROP CONSTRAINT lines_total_positive;

-- column public.lines.total
-- strata:ignore drop-column a generated expression changes: the column is re-created
-- strata:ignore volatile-default-existing-table a stored generated column is computed for every existing row under the lock
ALTER TABLE public.lines DROP COLUMN total;
ALTER TABLE public.lines ADD COLUMN total numeric GENERATED ALWAYS AS (round((price * (qty)::numeric), 2)) STORED;
COMMENT ON COLUMN public.lines.total IS 'price times quantity, rounded to cents';

-- constraint public.lines.lines_id_total_key
ALTER TABLE public.lines ADD CONSTRAINT lines_id_total_key UNIQUE (id, total);

-- constraint public.lines.lines_total_positive
ALTER TABLE public.lines ADD CONSTRAINT lines_total_positive CHECK ((total >= (0)::numeric));

-- index public.lines_big_idx
CREATE INDEX lines_big_idx ON public.lines USING btree (id) WHERE (total > (1000)::numeric);

-- index public.lines_total_idx
CREATE INDEX lines_total_idx ON public.lines USING btree (total);
COMMENT ON INDEX public.lines_total_idx IS 'by total';

-- statistics public.lines_qty_total
CREATE STATISTICS public.lines_qty_total ON qty, total FROM public.lines;

-- constraint public.refunds.refunds_line_fkey
ALTER TABLE public.refunds ADD CONSTRAINT refunds_line_fkey FOREIGN KEY (line_id, line_total) REFERENCES public.lines(id, total);

-- trigger public.lines.lines_total_changed
CREATE TRIGGER lines_total_changed BEFORE UPDATE OF total ON public.lines FOR EACH ROW EXECUTE FUNCTION public.touch_line();

-- policy public.lines.lines_small
CREATE POLICY lines_small ON public.lines AS PERMISSIVE FOR SELECT TO PUBLIC
    USING ((total < (100)::numeric));

-- down

-- policy public.lines.lines_small
DROP POLICY lines_small ON public.lines;

-- trigger public.lines.lines_total_changed
DROP TRIGGER lines_total_changed ON public.lines;

-- constraint public.refunds.refunds_line_fkey
ALTER TABLE public.refunds DROP CONSTRAINT refunds_line_fkey;

-- statistics public.lines_qty_total
DROP STATISTICS public.lines_qty_total;

-- index public.lines_total_idx
DROP INDEX public.lines_total_idx;

-- index public.lines_big_idx
DROP INDEX public.lines_big_idx;

-- constraint public.lines.lines_total_positive
ALTER TABLE public.lines DROP CONSTRAINT lines_total_positive;

-- constraint public.lines.lines_id_total_key
ALTER TABLE public.lines DROP CONSTRAINT lines_id_total_key;

-- column public.lines.total
ALTER TABLE public.lines DROP COLUMN total;
ALTER TABLE public.lines ADD COLUMN total numeric GENERATED ALWAYS AS ((price * (qty)::numeric)) STORED;
COMMENT ON COLUMN public.lines.total IS 'price times quantity';

-- constraint public.lines.lines_total_positive
ALTER TABLE public.lines ADD CONSTRAINT lines_total_positive CHECK ((total >= (0)::numeric));

-- constraint public.lines.lines_id_total_key
ALTER TABLE public.lines ADD CONSTRAINT lines_id_total_key UNIQUE (id, total);

-- index public.lines_big_idx
CREATE INDEX lines_big_idx ON public.lines USING btree (id) WHERE (total > (1000)::numeric);

-- index public.lines_total_idx
CREATE INDEX lines_total_idx ON public.lines USING btree (total);
COMMENT ON INDEX public.lines_total_idx IS 'by total';

-- statistics public.lines_qty_total
CREATE STATISTICS public.lines_qty_total ON qty, total FROM public.lines;

-- constraint public.refunds.refunds_line_fkey
ALTER TABLE public.refunds ADD CONSTRAINT refunds_line_fkey FOREIGN KEY (line_id, line_total) REFERENCES public.lines(id, total);

-- trigger public.lines.lines_total_changed
CREATE TRIGGER lines_total_changed BEFORE UPDATE OF total ON public.lines FOR EACH ROW EXECUTE FUNCTION public.touch_line();

-- policy public.lines.lines_small
CREATE POLICY lines_small ON public.lines AS PERMISSIVE FOR SELECT TO PUBLIC
    USING ((total < (100)::numeric));
