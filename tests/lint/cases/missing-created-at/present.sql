-- expect: nothing
-- setup
CREATE TABLE things (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
