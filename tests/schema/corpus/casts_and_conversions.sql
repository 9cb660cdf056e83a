-- Casts (with function, implicit, assignment, inout, binary coercible over a domain-free type)
-- and a conversion; used by a view.
CREATE SCHEMA conv;
CREATE TYPE conv.mood AS ENUM ('sad', 'ok', 'happy');
CREATE FUNCTION conv.mood_of(i integer) RETURNS conv.mood
    LANGUAGE sql IMMUTABLE AS $$ SELECT (enum_range(NULL::conv.mood))[i] $$;
CREATE CAST (integer AS conv.mood) WITH FUNCTION conv.mood_of(integer) AS ASSIGNMENT;
CREATE CAST (conv.mood AS text) WITH INOUT AS IMPLICIT;
COMMENT ON CAST (integer AS conv.mood) IS 'Moods by number';
CREATE TYPE conv.pair AS (a int, b int);
CREATE FUNCTION conv.pair_text(p conv.pair) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT p.a || ',' || p.b $$;
CREATE CAST (conv.pair AS text) WITH FUNCTION conv.pair_text(conv.pair);
CREATE CONVERSION conv.utf8_to_latin1 FOR 'UTF8' TO 'LATIN1' FROM utf8_to_iso8859_1;
COMMENT ON CONVERSION conv.utf8_to_latin1 IS 'For the legacy export';
CREATE TABLE conv.feelings (id int PRIMARY KEY, score int);
CREATE VIEW conv.feeling_names AS SELECT id, score::conv.mood AS mood FROM conv.feelings;
