-- expect: nothing
-- setup
CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);
CREATE VIEW event_json AS SELECT payload::json AS j FROM events;
