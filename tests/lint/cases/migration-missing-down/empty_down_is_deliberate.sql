-- expect: nothing
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
CREATE TABLE things (id bigint PRIMARY KEY);
-- migrate:down
