-- current
CREATE TYPE public.mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE public.t (id bigint PRIMARY KEY, m public.mood DEFAULT 'happy', ms public.mood[]);
CREATE VIEW public.v AS SELECT id, m FROM public.t;
-- desired
CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TABLE public.t (id bigint PRIMARY KEY, m public.mood DEFAULT 'happy', ms public.mood[]);
CREATE VIEW public.v AS SELECT id, m FROM public.t;
