-- expect: nothing
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20));
CREATE INDEX ix_accounts_email ON accounts (email);
-- migrate:down
SELECT 1;
