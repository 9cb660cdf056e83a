-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, code text);
-- desired
CREATE TABLE public.t (id bigint PRIMARY KEY, code text, CONSTRAINT t_code_key UNIQUE (code));
