-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, email text, nick text NOT NULL);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, email text NOT NULL, nick text);
