-- expect: nothing
-- toml: [lint.rules.fk-name-prefix]
-- toml: template = "fk_%(table)s_%(column)s_%(referred_table)s"
-- setup
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint, CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs ON DELETE CASCADE);
