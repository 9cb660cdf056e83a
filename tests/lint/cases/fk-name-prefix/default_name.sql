-- expect: fk-name-prefix public.users.users_org_id_fkey
-- setup
CREATE TABLE orgs (id bigint PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint REFERENCES orgs ON DELETE CASCADE);
