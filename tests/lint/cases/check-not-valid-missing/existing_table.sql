-- expect: check-not-valid-missing 3 public.accounts.chk_accounts_n
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER TABLE accounts ADD CONSTRAINT chk_accounts_n CHECK (n > 0);
-- migrate:down
SELECT 1;
