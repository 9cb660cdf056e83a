-- expect: pk-without-using-index 3 public.events.events_pkey
-- setup
CREATE TABLE events (id bigint NOT NULL, body text);
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id);
-- migrate:down
SELECT 1;
