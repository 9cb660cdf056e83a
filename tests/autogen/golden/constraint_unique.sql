-- up

-- constraint public.t.t_code_key
ALTER TABLE public.t ADD CONSTRAINT t_code_key UNIQUE (code);

-- down

-- constraint public.t.t_code_key
ALTER TABLE public.t DROP CONSTRAINT t_code_key;
