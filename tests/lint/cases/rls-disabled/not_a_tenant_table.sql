-- expect: nothing
-- setup
CREATE TABLE settings (id bigint PRIMARY KEY, value text);
