-- expect: timestamp-without-tz public.events.at
-- expect: timestamp-without-tz public.events.history
-- expect: timestamp-without-tz public.events.local_at
-- setup
CREATE DOMAIN local_time AS timestamp(3);
CREATE TABLE events (id bigint PRIMARY KEY, at timestamp(6), history timestamp[], local_at local_time);
