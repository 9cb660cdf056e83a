-- expect: timestamp-without-tz public.events.at
-- setup
CREATE TABLE events (id bigint PRIMARY KEY, at timestamp);
