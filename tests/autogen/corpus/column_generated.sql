-- current
CREATE TABLE public.lines (
    id bigint PRIMARY KEY,
    price numeric NOT NULL,
    qty integer NOT NULL,
    total numeric GENERATED ALWAYS AS (price * qty) STORED
);
ALTER TABLE public.lines ALTER COLUMN total SET STATISTICS 500;
COMMENT ON COLUMN public.lines.total IS 'price times quantity';
-- desired
CREATE TABLE public.lines (
    id bigint PRIMARY KEY,
    price numeric NOT NULL,
    qty integer NOT NULL,
    total numeric GENERATED ALWAYS AS (round(price * qty, 2)) STORED
);
ALTER TABLE public.lines ALTER COLUMN total SET STATISTICS 500;
COMMENT ON COLUMN public.lines.total IS 'price times quantity, rounded to cents';
