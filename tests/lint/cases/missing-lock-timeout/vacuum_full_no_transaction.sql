-- expect: missing-lock-timeout 4 public.accounts
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
-- file: 20260101000001_change.sql
-- migrate:no-transaction
-- Compact accounts.
-- migrate:up
VACUUM FULL accounts;
-- migrate:down
SELECT 1;
