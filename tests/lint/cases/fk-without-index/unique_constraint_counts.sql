-- expect: nothing
-- setup
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, email text, org_id bigint, CONSTRAINT fk_users_org FOREIGN KEY (org_id) REFERENCES orgs ON DELETE CASCADE, CONSTRAINT uq_users_org_email UNIQUE (org_id, email));
