-- expect: nothing
-- file: 20260101000001_create.sql
-- A change.
-- migrate:up
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20));
-- migrate:down
SELECT 1;
-- file: 20260101000002_rename.sql
-- A change.
-- migrate:up
ALTER TABLE accounts RENAME COLUMN email TO email_address;
-- migrate:down
SELECT 1;
