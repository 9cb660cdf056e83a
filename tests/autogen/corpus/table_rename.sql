-- current
CREATE TABLE public.people (id bigint PRIMARY KEY, name text);
CREATE INDEX people_name_idx ON public.people (name);
-- desired
-- strata:renamed-from people
CREATE TABLE public.users (id bigint, name text, CONSTRAINT people_pkey PRIMARY KEY (id));
CREATE INDEX people_name_idx ON public.users (name);
