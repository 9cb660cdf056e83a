-- expect: nothing
-- setup
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint, CONSTRAINT fk_users_org FOREIGN KEY (org_id) REFERENCES orgs ON DELETE CASCADE);
