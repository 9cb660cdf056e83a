-- current
CREATE TABLE public.t (id bigint PRIMARY KEY);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, name text, score integer DEFAULT 0 NOT NULL);
COMMENT ON COLUMN public.t.name IS 'display name';
