-- expect: nothing
-- setup
CREATE TABLE status_enum (id text PRIMARY KEY);
CREATE TABLE notes (id bigint PRIMARY KEY, status text REFERENCES status_enum);
