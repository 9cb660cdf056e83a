-- expect: nothing
-- setup
CREATE TABLE organizations (id bigint PRIMARY KEY);
CREATE TABLE notes (id bigint PRIMARY KEY, organization_id bigint NOT NULL REFERENCES organizations ON DELETE CASCADE);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_tenant ON notes USING (organization_id = current_setting('app.org_id')::bigint);
