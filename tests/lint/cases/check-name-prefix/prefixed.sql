-- expect: nothing
-- setup
CREATE TABLE things (id bigint PRIMARY KEY, n bigint, CONSTRAINT chk_things_n CHECK (n > 0));
