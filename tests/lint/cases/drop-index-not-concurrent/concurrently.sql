-- expect: nothing
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
CREATE INDEX ix_accounts_email ON accounts (email);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:no-transaction
-- migrate:up
DROP INDEX CONCURRENTLY ix_accounts_email;
-- migrate:down
SELECT 1;
