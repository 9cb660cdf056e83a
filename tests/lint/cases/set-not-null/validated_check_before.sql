-- expect: nothing
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
ALTER TABLE accounts ADD CONSTRAINT chk_accounts_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT chk_accounts_email_not_null;
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
-- migrate:down
SELECT 1;
