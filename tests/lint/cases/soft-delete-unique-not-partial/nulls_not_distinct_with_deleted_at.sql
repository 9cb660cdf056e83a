-- expect: nothing
-- setup
CREATE TABLE users (id bigint PRIMARY KEY, email text, deleted_at timestamptz);
CREATE UNIQUE INDEX uq_users_email ON users (email, deleted_at) NULLS NOT DISTINCT;
