-- Collations: ICU (nondeterministic, case-insensitive), libc, used by a column, a domain and an
-- index, with a comment.
CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION public.german (provider = icu, locale = 'de-DE');
CREATE COLLATION public.posix_c (provider = libc, lc_collate = 'C', lc_ctype = 'C');
COMMENT ON COLLATION public.ci IS 'Case-insensitive comparisons';

CREATE DOMAIN public.ci_text AS text COLLATE public.ci;

CREATE TABLE public.people (
    id int PRIMARY KEY,
    login text COLLATE public.ci NOT NULL UNIQUE,
    name text COLLATE public.german,
    code public.ci_text,
    tag text COLLATE public.posix_c
);
CREATE INDEX people_name ON public.people (name COLLATE public.posix_c);
