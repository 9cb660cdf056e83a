-- expect: nothing
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
CREATE VIEW account_emails AS SELECT email FROM accounts;
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
DROP VIEW account_emails;
-- migrate:down
SELECT 1;
