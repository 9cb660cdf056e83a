-- expect: nothing
-- setup
CREATE TABLE color_enum (value text PRIMARY KEY);
CREATE TABLE things (id bigint PRIMARY KEY, color text REFERENCES color_enum, updated_at timestamptz);
