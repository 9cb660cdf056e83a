-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, status text, created_at timestamptz);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, status text DEFAULT 'new', created_at timestamptz DEFAULT now());
