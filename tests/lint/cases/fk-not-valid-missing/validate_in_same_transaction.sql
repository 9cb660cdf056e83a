-- expect: fk-not-valid-missing 4 public.accounts.fk_accounts_plan
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, plan text, n integer, price numeric(10,2), code varchar(20), ts timestamp);
CREATE TABLE plans (code text PRIMARY KEY);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER TABLE accounts ADD CONSTRAINT fk_accounts_plan FOREIGN KEY (plan) REFERENCES plans (code) NOT VALID;
ALTER TABLE accounts VALIDATE CONSTRAINT fk_accounts_plan;
-- migrate:down
SELECT 1;
