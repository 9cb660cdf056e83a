-- expect: tenant-column-nullable-or-no-cascade public.notes.organization_id
-- setup
CREATE TABLE organizations (id bigint PRIMARY KEY);
CREATE TABLE notes (id bigint PRIMARY KEY, organization_id bigint);
