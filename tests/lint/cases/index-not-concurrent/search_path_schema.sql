-- expect: index-not-concurrent 4 app.accounts
-- setup
CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint PRIMARY KEY, email text);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
SET LOCAL search_path TO app, public;
CREATE INDEX ix_accounts_email ON Accounts (email);
-- migrate:down
SELECT 1;
