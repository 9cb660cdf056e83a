-- expect: nothing
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
ALTER TABLE accounts ADD CONSTRAINT chk_accounts_n CHECK (n > 0);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER TABLE accounts DROP CONSTRAINT chk_accounts_n;
-- migrate:down
SELECT 1;
