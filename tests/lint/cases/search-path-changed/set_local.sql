-- expect: nothing
-- setup
CREATE SCHEMA app;
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
SET LOCAL search_path TO app;
CREATE TABLE things (id bigint PRIMARY KEY);
-- migrate:down
SELECT 1;
