-- Text search: dictionaries on built-in templates, a configuration copied from english and then
-- remapped, one built from the default parser, used by a generated column and an index.
CREATE SCHEMA search;

CREATE TEXT SEARCH DICTIONARY search.english_stem_nostop (
    TEMPLATE = snowball, language = 'english'
);
CREATE TEXT SEARCH DICTIONARY search.simple_dict (TEMPLATE = pg_catalog.simple, stopwords = 'english');
COMMENT ON TEXT SEARCH DICTIONARY search.simple_dict IS 'Simple words without stop words';

CREATE TEXT SEARCH CONFIGURATION search.english_custom (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION search.english_custom
    ALTER MAPPING FOR asciiword, word WITH search.english_stem_nostop;
ALTER TEXT SEARCH CONFIGURATION search.english_custom DROP MAPPING FOR email, url;

CREATE TEXT SEARCH CONFIGURATION search.minimal (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION search.minimal
    ADD MAPPING FOR asciiword WITH search.simple_dict, simple;
COMMENT ON TEXT SEARCH CONFIGURATION search.minimal IS 'ASCII words only';

CREATE TABLE search.docs (
    id int PRIMARY KEY,
    body text,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('search.english_custom'::regconfig, body)) STORED
);
CREATE INDEX docs_tsv ON search.docs USING gin (tsv);
CREATE INDEX docs_minimal ON search.docs USING gin (to_tsvector('search.minimal'::regconfig, body));
