-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, amount integer DEFAULT 0);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, amount numeric(12,2) DEFAULT 0.5);
