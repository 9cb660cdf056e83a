-- expect: json-not-jsonb public.events.payload
-- setup
CREATE TABLE events (id bigint PRIMARY KEY, payload json);
