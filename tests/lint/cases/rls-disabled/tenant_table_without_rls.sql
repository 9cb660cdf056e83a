-- expect: rls-disabled public.notes
-- setup
CREATE TABLE organizations (id bigint PRIMARY KEY);
CREATE TABLE notes (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE);
