-- expect: nothing
-- setup
CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz, at3 timestamp(3) with time zone);
