-- current
CREATE TABLE public.t (id bigint PRIMARY KEY, email text);
CREATE INDEX t_email_idx ON public.t (email);
-- desired
CREATE TABLE public.t (
    id bigint PRIMARY KEY,
    email_address text -- strata:renamed-from email
);
CREATE INDEX t_email_idx ON public.t (email_address);
