-- expect: rename-table 3 public.accounts
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER TABLE accounts RENAME TO customers;
-- migrate:down
SELECT 1;
