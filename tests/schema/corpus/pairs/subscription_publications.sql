-- expect: ~ subscription sub: publications "a" -> "a, b"
-- from:
CREATE SUBSCRIPTION sub CONNECTION 'dbname=x' PUBLICATION a WITH (connect = false);
-- to:
CREATE SUBSCRIPTION sub CONNECTION 'dbname=x' PUBLICATION a, b WITH (connect = false);
