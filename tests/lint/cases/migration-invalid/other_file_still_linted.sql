-- expect: nothing
-- file: 20260101000001_a.sql
-- A change.
-- migrate:up
CREATE TABLE things (id bigint PRIMARY KEY);
-- migrate:down
SELECT 1;
-- file: 20260101000002_b.sql
-- A change.
-- migrate:up
CREATE INDEX ix_things_id ON things (id);
-- migrate:down
SELECT 1;
