-- up

-- type public.status
CREATE TYPE public.status AS ENUM ('open', 'closed');
COMMENT ON TYPE public.status IS 'ticket status';

-- column public.t.status
ALTER TABLE public.t ADD COLUMN status public.status DEFAULT 'open'::public.status NOT NULL;

-- down

-- column public.t.status
ALTER TABLE public.t DROP COLUMN status;

-- type public.status
DROP TYPE public.status;
