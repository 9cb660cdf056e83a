-- expect: nothing
-- setup
CREATE TABLE things (id bigint PRIMARY KEY, n bigint, seq bigserial);
