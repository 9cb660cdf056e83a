-- expect: enum-add-value-in-transaction 3 public.mood
-- setup
CREATE TYPE mood AS ENUM ('happy', 'sad');
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER TYPE mood ADD VALUE 'calm';
-- migrate:down
SELECT 1;
