-- expect: truncate 3 public.accounts
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
TRUNCATE accounts;
-- migrate:down
SELECT 1;
