-- expect: index-name-prefix public.users.ix_users_mail
-- toml: [lint.rules.index-name-prefix]
-- toml: template = "ix_%(table)s_%(column_0_N_name)s"
-- setup
CREATE TABLE users (id bigint PRIMARY KEY, email text, handle text);
CREATE INDEX ix_users_mail ON users (email);
CREATE INDEX ix_users_handle ON users (handle);
