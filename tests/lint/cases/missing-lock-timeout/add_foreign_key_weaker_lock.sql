-- expect: nothing
-- setup
CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner_id bigint);
CREATE TABLE owners (id bigint PRIMARY KEY);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY accounts_all ON accounts USING (true);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER TABLE accounts ADD CONSTRAINT fk_accounts_owner FOREIGN KEY (owner_id) REFERENCES owners (id) NOT VALID;
-- migrate:down
SELECT 1;
