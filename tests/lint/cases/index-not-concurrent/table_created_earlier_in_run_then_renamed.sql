-- expect: nothing
-- file: 20260101000001_create.sql
-- A change.
-- migrate:up
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- migrate:down
SELECT 1;
-- file: 20260101000002_index.sql
-- A change.
-- migrate:up
ALTER TABLE users RENAME TO members;
CREATE INDEX ix_members_email ON members (email);
-- migrate:down
SELECT 1;
