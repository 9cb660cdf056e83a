-- expect: nothing
-- setup
CREATE TABLE notes (id bigint PRIMARY KEY, body text);
