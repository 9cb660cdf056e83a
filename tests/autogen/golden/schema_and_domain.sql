-- up

-- domain public.positive check positive_check
ALTER DOMAIN public.positive DROP CONSTRAINT positive_check;

-- schema app
CREATE SCHEMA IF NOT EXISTS app;
COMMENT ON SCHEMA app IS 'the app';

-- type app.pair
CREATE TYPE app.pair AS (
    a integer,
    b text
);

-- table app.t
CREATE TABLE app.t (
    id bigint NOT NULL,
    p app.pair,
    n public.positive,
    CONSTRAINT t_pkey PRIMARY KEY (id)
);

-- domain public.positive check positive_check
ALTER DOMAIN public.positive ADD CONSTRAINT positive_check CHECK ((VALUE >= 1));

-- down

-- domain public.positive check positive_check
ALTER DOMAIN public.positive DROP CONSTRAINT positive_check;

-- table app.t
DROP TABLE app.t;

-- type app.pair
DROP TYPE app.pair;

-- schema app
DROP SCHEMA app;

-- domain public.positive check positive_check
ALTER DOMAIN public.positive ADD CONSTRAINT positive_check CHECK ((VALUE > 0));
