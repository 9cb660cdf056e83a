-- up

-- constraint public.child.child_parent_id_fkey
ALTER TABLE public.child DROP CONSTRAINT child_parent_id_fkey;

-- constraint public.parent.parent_pkey
ALTER TABLE public.parent DROP CONSTRAINT parent_pkey;

-- constraint public.parent.parent_pkey
-- strata:ignore pk-without-using-index foreign keys of other tables reference it, so its index is built in the main migration
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
