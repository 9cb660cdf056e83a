-- current
CREATE TABLE public.t (name text);
-- desired
CREATE TABLE public.t (name text, id serial);
