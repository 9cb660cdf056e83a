-- expect: nothing
-- setup
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs ON DELETE SET NULL, org2_id bigint REFERENCES orgs ON DELETE RESTRICT);
