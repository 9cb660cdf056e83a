-- note: extension pg_trgm: the server has no update path from version '1.6' to '1.5' (extensions rarely ship downgrade scripts), so that step drops the extension and creates it at '1.5'; DROP EXTENSION fails while objects depend on it: then write that step by hand
-- up

-- extension pg_trgm version
ALTER EXTENSION pg_trgm UPDATE TO '1.6';

-- down

-- extension pg_trgm version
DROP EXTENSION pg_trgm;
CREATE EXTENSION pg_trgm WITH SCHEMA public VERSION '1.5';
