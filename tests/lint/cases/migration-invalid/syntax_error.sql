-- expect: migration-invalid 4 -
-- apply: fails
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
CREATE TABLE things (id bigint PRIMARY KEY);
CREATE INDEX ix ON things (id) WHERE;
-- migrate:down
SELECT 1;
