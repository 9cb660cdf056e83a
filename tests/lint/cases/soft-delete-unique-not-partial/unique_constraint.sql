-- expect: soft-delete-unique-not-partial public.users.uq_users_email
-- setup
CREATE TABLE users (id bigint PRIMARY KEY, email text, deleted_at timestamptz, CONSTRAINT uq_users_email UNIQUE (email));
