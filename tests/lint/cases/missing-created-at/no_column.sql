-- expect: missing-created-at public.things
-- setup
CREATE TABLE things (id bigint PRIMARY KEY);
