-- Table inheritance: a child with its own columns, multiple inheritance, inherited NOT NULL and
-- CHECK constraints, a merged column, comments on parent and child.
CREATE TABLE public.vehicles (id int PRIMARY KEY, name text NOT NULL, wheels int CHECK (wheels >= 0));
CREATE TABLE public.boats (hull text, name text);
CREATE TABLE public.cars (doors int DEFAULT 4) INHERITS (public.vehicles);
CREATE TABLE public.amphibious (draft numeric, name text NOT NULL) INHERITS (public.cars, public.boats);
CREATE INDEX cars_doors ON public.cars (doors);
COMMENT ON TABLE public.cars IS 'Usually four wheels';
COMMENT ON COLUMN public.amphibious.draft IS 'In metres';
