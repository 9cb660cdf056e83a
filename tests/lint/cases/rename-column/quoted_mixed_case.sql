-- expect: rename-column 3 public.Accounts.Email
-- setup
CREATE TABLE "Accounts" (id bigint PRIMARY KEY, "Email" text);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER TABLE "Accounts" RENAME COLUMN "Email" TO email;
-- migrate:down
SELECT 1;
