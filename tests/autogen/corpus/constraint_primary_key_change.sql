-- current
CREATE TABLE public.parent (id bigint NOT NULL, k bigint NOT NULL, CONSTRAINT parent_pkey PRIMARY KEY (id));
CREATE TABLE public.child (id bigint PRIMARY KEY, parent_id bigint REFERENCES public.parent (id));
-- desired
CREATE TABLE public.parent (id bigint NOT NULL, k bigint NOT NULL, CONSTRAINT parent_pkey PRIMARY KEY (id) INCLUDE (k));
CREATE TABLE public.child (id bigint PRIMARY KEY, parent_id bigint REFERENCES public.parent (id));
