-- expect: nothing
-- setup
CREATE TABLE users (id text PRIMARY KEY CHECK (id LIKE 'usr_%'), email text NOT NULL);
CREATE TABLE posts (id bigint PRIMARY KEY, author_id text NOT NULL REFERENCES users);
