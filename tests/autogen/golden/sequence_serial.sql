-- up

-- sequence public.t_id_seq
CREATE SEQUENCE public.t_id_seq AS integer START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1;

-- column public.t.id
-- strata:ignore volatile-default-existing-table NOT NULL with a computed default: every existing row gets it while the table is locked
ALTER TABLE public.t ADD COLUMN id integer DEFAULT nextval('public.t_id_seq'::regclass) NOT NULL;

-- ownership of sequence public.t_id_seq
ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;

-- down

-- ownership of sequence public.t_id_seq
ALTER SEQUENCE public.t_id_seq OWNED BY NONE;

-- column public.t.id
ALTER TABLE public.t DROP COLUMN id;

-- sequence public.t_id_seq
DROP SEQUENCE public.t_id_seq;
