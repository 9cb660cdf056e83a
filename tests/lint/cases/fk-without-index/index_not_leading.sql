-- expect: fk-without-index public.users.fk_users_org
-- setup
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, email text, org_id bigint, CONSTRAINT fk_users_org FOREIGN KEY (org_id) REFERENCES orgs ON DELETE CASCADE);
CREATE INDEX ix_users_email_org ON users (email, org_id);
