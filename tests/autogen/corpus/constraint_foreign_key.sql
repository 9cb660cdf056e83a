-- current
CREATE TABLE public.parent (id bigint PRIMARY KEY);
CREATE TABLE public.child (id bigint PRIMARY KEY, parent_id bigint);
CREATE INDEX child_parent_id_idx ON public.child (parent_id);
-- desired
CREATE TABLE public.parent (id bigint PRIMARY KEY);
CREATE TABLE public.child (id bigint PRIMARY KEY, parent_id bigint
    CONSTRAINT child_parent_id_fkey REFERENCES public.parent (id) ON DELETE CASCADE);
CREATE INDEX child_parent_id_idx ON public.child (parent_id);
