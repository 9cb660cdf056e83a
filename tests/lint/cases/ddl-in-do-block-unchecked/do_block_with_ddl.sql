-- expect: ddl-in-do-block-unchecked 3 -
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
DO $$
BEGIN
    EXECUTE 'CREATE INDEX ix_accounts_plan ON accounts (plan)';
END
$$;
-- migrate:down
SELECT 1;
