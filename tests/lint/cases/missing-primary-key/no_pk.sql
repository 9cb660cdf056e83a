-- expect: missing-primary-key public.events
-- setup
CREATE TABLE events (at timestamptz, body text);
