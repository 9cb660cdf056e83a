-- expect: migration-invalid 1 -
-- apply: fails
-- file: 20260101000001_change.sql
SELECT 1;
-- migrate:up
SELECT 2;
