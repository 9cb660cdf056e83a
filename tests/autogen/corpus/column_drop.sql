-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, legacy text DEFAULT 'x' NOT NULL);
COMMENT ON COLUMN public.t.legacy IS 'old';
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY);
