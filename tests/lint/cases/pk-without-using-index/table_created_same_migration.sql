-- expect: nothing
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
CREATE TABLE events (id bigint NOT NULL, body text);
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id);
-- migrate:down
SELECT 1;
