-- expect: nothing
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20));
ALTER TABLE accounts ADD COLUMN region text;
UPDATE accounts SET region = 'eu';
-- migrate:down
SELECT 1;
