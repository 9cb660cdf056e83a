-- expect: missing-updated-at-trigger public.things
-- setup
CREATE TABLE things (id bigint PRIMARY KEY, updated_at timestamptz);
