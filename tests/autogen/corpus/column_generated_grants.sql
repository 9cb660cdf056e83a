-- with: grants
-- current
DO $$ BEGIN CREATE ROLE strata_autogen_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE public.lines (
    id bigint PRIMARY KEY,
    price numeric NOT NULL,
    qty integer NOT NULL,
    total numeric GENERATED ALWAYS AS (price * qty) STORED
);
CREATE INDEX lines_total_idx ON public.lines (total);
COMMENT ON COLUMN public.lines.total IS 'price times quantity';
GRANT SELECT (id, total), UPDATE (price) ON public.lines TO strata_autogen_reader;
GRANT INSERT (total) ON public.lines TO strata_autogen_reader WITH GRANT OPTION;
-- desired
DO $$ BEGIN CREATE ROLE strata_autogen_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE public.lines (
    id bigint PRIMARY KEY,
    price numeric NOT NULL,
    qty integer NOT NULL,
    total numeric GENERATED ALWAYS AS (round(price * qty, 2)) STORED
);
CREATE INDEX lines_total_idx ON public.lines (total);
COMMENT ON COLUMN public.lines.total IS 'price times quantity';
GRANT SELECT (id, total), UPDATE (price) ON public.lines TO strata_autogen_reader;
GRANT INSERT (total) ON public.lines TO strata_autogen_reader WITH GRANT OPTION;
