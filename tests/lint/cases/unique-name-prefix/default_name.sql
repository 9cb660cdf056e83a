-- expect: unique-name-prefix public.users.users_email_key
-- setup
CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE);
