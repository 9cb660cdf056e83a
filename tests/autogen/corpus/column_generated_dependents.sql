-- current
CREATE FUNCTION public.touch_line() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TABLE public.lines (
    id bigint PRIMARY KEY,
    price numeric NOT NULL,
    qty integer NOT NULL,
    total numeric GENERATED ALWAYS AS (price * qty) STORED,
    CONSTRAINT lines_total_positive CHECK (total >= 0),
    CONSTRAINT lines_id_total_key UNIQUE (id, total)
);
CREATE INDEX lines_total_idx ON public.lines (total);
CREATE INDEX lines_big_idx ON public.lines (id) WHERE total > 1000;
COMMENT ON INDEX public.lines_total_idx IS 'by total';
COMMENT ON COLUMN public.lines.total IS 'price times quantity';
CREATE STATISTICS public.lines_qty_total ON qty, total FROM public.lines;
CREATE TRIGGER lines_total_changed BEFORE UPDATE OF total ON public.lines FOR EACH ROW EXECUTE FUNCTION public.touch_line();
ALTER TABLE public.lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY lines_small ON public.lines FOR SELECT USING (total < 100);
CREATE TABLE public.refunds (id bigint PRIMARY KEY, line_id bigint NOT NULL, line_total numeric NOT NULL,
    CONSTRAINT refunds_line_fkey FOREIGN KEY (line_id, line_total) REFERENCES public.lines (id, total));
-- desired
CREATE FUNCTION public.touch_line() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TABLE public.lines (
    id bigint PRIMARY KEY,
    price numeric NOT NULL,
    qty integer NOT NULL,
    total numeric GENERATED ALWAYS AS (round(price * qty, 2)) STORED,
    CONSTRAINT lines_total_positive CHECK (total >= 0),
    CONSTRAINT lines_id_total_key UNIQUE (id, total)
);
CREATE INDEX lines_total_idx ON public.lines (total);
CREATE INDEX lines_big_idx ON public.lines (id) WHERE total > 1000;
COMMENT ON INDEX public.lines_total_idx IS 'by total';
COMMENT ON COLUMN public.lines.total IS 'price times quantity, rounded to cents';
CREATE STATISTICS public.lines_qty_total ON qty, total FROM public.lines;
CREATE TRIGGER lines_total_changed BEFORE UPDATE OF total ON public.lines FOR EACH ROW EXECUTE FUNCTION public.touch_line();
ALTER TABLE public.lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY lines_small ON public.lines FOR SELECT USING (total < 100);
CREATE TABLE public.refunds (id bigint PRIMARY KEY, line_id bigint NOT NULL, line_total numeric NOT NULL,
    CONSTRAINT refunds_line_fkey FOREIGN KEY (line_id, line_total) REFERENCES public.lines (id, total));
