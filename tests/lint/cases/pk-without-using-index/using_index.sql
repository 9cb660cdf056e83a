-- expect: nothing
-- setup
CREATE TABLE events (id bigint NOT NULL, body text);
CREATE UNIQUE INDEX events_pkey ON events (id);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey;
-- migrate:down
SELECT 1;
