-- note: enum public.status: PostgreSQL cannot remove or reorder enum values in place: the type is re-created (renamed, created anew, columns converted through text, old type dropped)
-- up

-- enum public.status
-- strata:ignore column-type-change-rewrite the enum is re-created: its columns are converted to the new type, which rewrites their tables
ALTER TYPE public.status RENAME TO status_strata_old;
CREATE TYPE public.status AS ENUM ('new', 'closed');
ALTER TABLE public.tickets ALTER COLUMN status TYPE public.status USING status::text::public.status;
DROP TYPE public.status_strata_old;
COMMENT ON TYPE public.status IS 'where a ticket stands';
ALTER TYPE public.status OWNER TO strata_autogen_typist;
REVOKE USAGE ON TYPE public.status FROM PUBLIC;

-- down

-- enum public.status
ALTER TYPE public.status RENAME TO status_strata_old;
CREATE TYPE public.status AS ENUM ('new', 'open', 'closed');
ALTER TABLE public.tickets ALTER COLUMN status TYPE public.status USING status::text::public.status;
DROP TYPE public.status_strata_old;
COMMENT ON TYPE public.status IS 'where a ticket stands';
ALTER TYPE public.status OWNER TO strata_autogen_typist;
REVOKE USAGE ON TYPE public.status FROM PUBLIC;
