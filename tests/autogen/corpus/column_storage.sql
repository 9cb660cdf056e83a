-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, body text);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, body text);
ALTER TABLE public.t ALTER COLUMN body SET STATISTICS 500;
ALTER TABLE public.t ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE public.t ALTER COLUMN body SET (n_distinct = 100);
