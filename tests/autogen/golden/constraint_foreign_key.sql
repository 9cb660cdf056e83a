-- up

-- constraint public.child.child_parent_id_fkey
ALTER TABLE public.child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.parent(id) ON DELETE CASCADE;

-- down

-- constraint public.child.child_parent_id_fkey
ALTER TABLE public.child DROP CONSTRAINT child_parent_id_fkey;
