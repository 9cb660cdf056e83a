-- expect: nothing
-- setup
CREATE TABLE tags (value text PRIMARY KEY);
