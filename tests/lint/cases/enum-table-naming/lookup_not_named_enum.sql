-- expect: enum-table-naming public.colors
-- setup
CREATE TABLE colors (value text PRIMARY KEY);
CREATE TABLE things (id bigint PRIMARY KEY, color text REFERENCES colors);
