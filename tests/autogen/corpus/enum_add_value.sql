-- current
CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TABLE public.t (id bigint PRIMARY KEY, m public.mood DEFAULT 'sad');
-- desired
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
CREATE TABLE public.t (id bigint PRIMARY KEY, m public.mood DEFAULT 'sad');
