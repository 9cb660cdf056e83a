-- expect: nothing
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
CREATE TABLE scratch (id bigint PRIMARY KEY);
DROP TABLE scratch;
-- migrate:down
SELECT 1;
