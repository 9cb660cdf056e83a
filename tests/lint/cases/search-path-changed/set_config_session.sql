-- expect: search-path-changed 3 -
-- setup
CREATE SCHEMA app;
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
SELECT set_config('search_path', 'app', false);
CREATE TABLE things (id bigint PRIMARY KEY);
-- migrate:down
SELECT 1;
