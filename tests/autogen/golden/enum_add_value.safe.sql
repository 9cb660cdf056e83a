-- note: enum public.mood: values are added with ALTER TYPE ... ADD VALUE (no transaction); the down removes them with the re-create sequence (rename, create, convert columns, drop)
-- up

-- enum public.mood (no transaction: one statement at a time)
ALTER TYPE public.mood ADD VALUE 'ok' BEFORE 'happy';
ALTER TYPE public.mood ADD VALUE 'ecstatic' AFTER 'happy';

-- down

-- enum public.mood (no transaction: one statement at a time)
ALTER TYPE public.mood RENAME TO mood_strata_old;
CREATE TYPE public.mood AS ENUM ('sad', 'happy');
ALTER TABLE public.t ALTER COLUMN m DROP DEFAULT;
ALTER TABLE public.t ALTER COLUMN m TYPE public.mood USING m::text::public.mood;
ALTER TABLE public.t ALTER COLUMN m SET DEFAULT 'sad'::public.mood;
DROP TYPE public.mood_strata_old;
