-- expect: nothing
-- setup
CREATE TABLE users (id bigint PRIMARY KEY, email text, handle text);
CREATE INDEX ix_users_email ON users (email);
CREATE UNIQUE INDEX uq_users_handle ON users (handle);
