-- up

-- function public.new_code()
CREATE OR REPLACE FUNCTION public.new_code()
 RETURNS text
 LANGUAGE sql
AS $function$ SELECT md5(random()::text) $function$;

-- column public.t.code default
ALTER TABLE public.t ALTER COLUMN code SET DEFAULT public.new_code();

-- down

-- column public.t.code default
ALTER TABLE public.t ALTER COLUMN code DROP DEFAULT;

-- function public.new_code()
DROP FUNCTION public.new_code();
