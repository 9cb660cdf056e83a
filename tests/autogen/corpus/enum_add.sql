-- current
CREATE TABLE public.t (id bigint PRIMARY KEY);
-- desired
CREATE TYPE public.status AS ENUM ('open', 'closed');
CREATE TABLE public.t (id bigint PRIMARY KEY, status public.status DEFAULT 'open' NOT NULL);
COMMENT ON TYPE public.status IS 'ticket status';
