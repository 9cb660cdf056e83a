-- expect: index-name-prefix public.users.users_email_idx
-- setup
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE INDEX ON users (email);
