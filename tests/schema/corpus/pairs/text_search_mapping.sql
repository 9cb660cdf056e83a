-- expect: ~ text search configuration public.cfg: mapping asciiword "pg_catalog.simple" -> "pg_catalog.english_stem"
-- from:
CREATE TEXT SEARCH CONFIGURATION public.cfg (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR asciiword WITH simple;
-- to:
CREATE TEXT SEARCH CONFIGURATION public.cfg (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION public.cfg ADD MAPPING FOR asciiword WITH english_stem;
