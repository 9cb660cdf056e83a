-- expect: nothing
-- toml: [lint.rules.unique-name-prefix]
-- toml: template = "uq_%(table)s_%(column_0_N_name)s"
-- setup
CREATE TABLE users (id bigint PRIMARY KEY, org bigint, email text, CONSTRAINT uq_users_org_email UNIQUE (org, email));
