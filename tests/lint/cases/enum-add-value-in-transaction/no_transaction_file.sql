-- expect: nothing
-- setup
CREATE TYPE mood AS ENUM ('happy', 'sad');
-- file: 20260101000001_change.sql
-- A change.
-- migrate:no-transaction
-- migrate:up
ALTER TYPE mood ADD VALUE 'calm';
-- migrate:down
SELECT 1;
