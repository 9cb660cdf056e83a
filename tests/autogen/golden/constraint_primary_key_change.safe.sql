-- up

-- constraint public.child.child_parent_id_fkey
ALTER TABLE public.child DROP CONSTRAINT child_parent_id_fkey;

-- constraint public.parent.parent_pkey
ALTER TABLE public.parent DROP CONSTRAINT parent_pkey;

-- constraint public.parent.parent_pkey
ALTER TABLE public.parent ADD CONSTRAINT parent_pkey PRIMARY KEY (id) INCLUDE (k);

-- constraint public.child.child_parent_id_fkey
ALTER TABLE public.child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.parent(id) NOT VALID;

-- constraint public.child.child_parent_id_fkey
ALTER TABLE public.child VALIDATE CONSTRAINT child_parent_id_fkey;

-- down

-- constraint public.child.child_parent_id_fkey
ALTER TABLE public.child DROP CONSTRAINT child_parent_id_fkey;

-- constraint public.parent.parent_pkey
ALTER TABLE public.parent DROP CONSTRAINT parent_pkey;

-- constraint public.parent.parent_pkey
ALTER TABLE public.parent ADD CONSTRAINT parent_pkey PRIMARY KEY (id);

-- constraint public.child.child_parent_id_fkey
ALTER TABLE public.child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.parent(id);
