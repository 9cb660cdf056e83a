-- expect: nothing
-- setup
CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);
