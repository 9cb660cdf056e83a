-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, code text);
-- desired
CREATE FUNCTION public.new_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT md5(random()::text) $$;
CREATE TABLE public.t (id bigint PRIMARY KEY, code text DEFAULT public.new_code());
