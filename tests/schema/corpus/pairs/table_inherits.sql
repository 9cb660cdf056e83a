-- expect: ~ table public.child: inherits [] -> ["public.parent"]
-- from:
CREATE TABLE public.parent (id int);
CREATE TABLE public.child (id int);
-- to:
CREATE TABLE public.parent (id int);
CREATE TABLE public.child (id int) INHERITS (public.parent);
