-- expect: nothing
-- setup
CREATE TABLE organizations (id bigint PRIMARY KEY, organization_id bigint);
