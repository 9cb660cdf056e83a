-- expect: missing-created-at public.things.created_at
-- setup
CREATE TABLE things (id bigint PRIMARY KEY, created_at timestamp);
