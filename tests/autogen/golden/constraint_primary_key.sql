-- up

-- constraint public.t.t_pkey
ALTER TABLE public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);

-- down

-- constraint public.t.t_pkey
ALTER TABLE public.t DROP CONSTRAINT t_pkey;
