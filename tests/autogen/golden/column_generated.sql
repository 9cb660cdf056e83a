-- up

-- column public.lines.total
-- strata:ignore drop-column a generated expression changes: the column is re-created
-- strata:ignore volatile-default-existing-table a stored generated column is computed for every existing row under the lock
ALTER TABLE public.lines DROP COLUMN total;
ALTER TABLE public.lines ADD COLUMN total numeric GENERATED ALWAYS AS (round((price * (qty)::numeric), 2)) STORED;
COMMENT ON COLUMN public.lines.total IS 'price times quantity, rounded to cents';
ALTER TABLE public.lines ALTER COLUMN total SET STATISTICS 500;

-- down

-- column public.lines.total
ALTER TABLE public.lines DROP COLUMN total;
ALTER TABLE public.lines ADD COLUMN total numeric GENERATED ALWAYS AS ((price * (qty)::numeric)) STORED;
COMMENT ON COLUMN public.lines.total IS 'price times quantity';
ALTER TABLE public.lines ALTER COLUMN total SET STATISTICS 500;
