-- expect: nothing
-- setup
CREATE TABLE user_accounts (id bigint PRIMARY KEY, first_name text, line2 text);
