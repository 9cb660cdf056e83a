-- current
CREATE TABLE public.t (id bigint NOT NULL, code text NOT NULL);
-- desired
CREATE TABLE public.t (id bigint NOT NULL, code text NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (id));
