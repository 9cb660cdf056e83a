-- expect: nothing
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
CREATE INDEX accounts_email_idx ON accounts (email);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER INDEX accounts_email_idx RENAME TO ix_accounts_email;
-- migrate:down
SELECT 1;
