-- expect: migration-missing-description 1 -
-- file: 20260101000001_change.sql
-- migrate:up
CREATE TABLE things (id bigint PRIMARY KEY);
-- migrate:down
DROP TABLE things;
