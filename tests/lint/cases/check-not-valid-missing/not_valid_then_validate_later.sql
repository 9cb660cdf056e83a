-- expect: nothing
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
-- file: 20260101000001_add.sql
-- A change.
-- migrate:up
ALTER TABLE accounts ADD CONSTRAINT chk_accounts_n CHECK (n > 0) NOT VALID;
-- migrate:down
SELECT 1;
-- file: 20260101000002_validate.sql
-- A change.
-- migrate:up
ALTER TABLE accounts VALIDATE CONSTRAINT chk_accounts_n;
-- migrate:down
SELECT 1;
