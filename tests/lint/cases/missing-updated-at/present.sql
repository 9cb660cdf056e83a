-- expect: nothing
-- setup
CREATE TABLE things (id bigint PRIMARY KEY, updated_at timestamptz);
