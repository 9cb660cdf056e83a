-- expect: nothing
-- setup
CREATE TABLE events (id bigint PRIMARY KEY, body text);
CREATE VIEW event_bodies AS SELECT body FROM events;
CREATE MATERIALIZED VIEW event_count AS SELECT count(*) FROM events;
