-- expect: nothing
-- setup
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE payments (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs ON DELETE CASCADE);
