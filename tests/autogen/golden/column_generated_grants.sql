-- up

-- index public.lines_total_idx
DROP INDEX public.lines_total_idx;

-- column public.lines.total
-- strata:ignore drop-column a generated expression changes: the column is re-created
-- strata:ignore volatile-default-existing-table a stored generated column is computed for every existing row under the lock
ALTER TABLE public.lines DROP COLUMN total;
ALTER TABLE public.lines ADD COLUMN total numeric GENERATED ALWAYS AS (round((price * (qty)::numeric), 2)) STORED;
COMMENT ON COLUMN public.lines.total IS 'price times quantity';

-- index public.lines_total_idx
CREATE INDEX lines_total_idx ON public.lines USING btree (total);

-- privileges on column public.lines.total
GRANT INSERT (total) ON TABLE public.lines TO strata_autogen_reader WITH GRANT OPTION;
GRANT SELECT (total) ON TABLE public.lines TO strata_autogen_reader;

-- down

-- index public.lines_total_idx
DROP INDEX public.lines_total_idx;

-- column public.lines.total
ALTER TABLE public.lines DROP COLUMN total;
ALTER TABLE public.lines ADD COLUMN total numeric GENERATED ALWAYS AS ((price * (qty)::numeric)) STORED;
COMMENT ON COLUMN public.lines.total IS 'price times quantity';

-- index public.lines_total_idx
CREATE INDEX lines_total_idx ON public.lines USING btree (total);

-- privileges on column public.lines.total
GRANT INSERT (total) ON TABLE public.lines TO strata_autogen_reader WITH GRANT OPTION;
GRANT SELECT (total) ON TABLE public.lines TO strata_autogen_reader;
