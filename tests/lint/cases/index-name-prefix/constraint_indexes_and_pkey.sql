-- expect: nothing
-- setup
CREATE TABLE users (id bigint PRIMARY KEY, email text, CONSTRAINT uq_users_email UNIQUE (email));
