-- expect: nothing
-- setup
CREATE SCHEMA app;
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
SET search_path TO app;
CREATE TABLE things (id bigint PRIMARY KEY);
RESET search_path;
-- migrate:down
SELECT 1;
