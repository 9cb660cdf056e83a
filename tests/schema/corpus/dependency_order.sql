-- Order from the dependency graph: a domain whose CHECK calls a function (the function first),
-- a function returning a view's row type (after the view), a view over a function over a
-- table, a column default calling a function that takes a domain, names that sort the other way.
CREATE SCHEMA a_first;

CREATE FUNCTION a_first.is_slug(t text) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT t ~ '^[a-z0-9-]+$' $$;
CREATE DOMAIN a_first.slug AS text CHECK (a_first.is_slug(VALUE));

CREATE FUNCTION a_first.default_slug() RETURNS a_first.slug
    LANGUAGE sql STABLE AS $$ SELECT 'new'::a_first.slug $$;

CREATE TABLE a_first.zz_pages (
    id int PRIMARY KEY,
    slug a_first.slug NOT NULL DEFAULT a_first.default_slug(),
    title text
);

CREATE VIEW a_first.b_page_titles AS SELECT id, slug, title FROM a_first.zz_pages;

CREATE FUNCTION a_first.aa_titles() RETURNS SETOF a_first.b_page_titles
    LANGUAGE sql STABLE BEGIN ATOMIC SELECT * FROM a_first.b_page_titles; END;

CREATE VIEW a_first.a_title_count AS SELECT count(*) AS n FROM a_first.aa_titles();

CREATE FUNCTION a_first.page_row(p a_first.zz_pages) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT p.title $$;

CREATE TABLE a_first.aa_children (
    id int PRIMARY KEY,
    page int REFERENCES a_first.zz_pages,
    CHECK (a_first.is_slug(id::text))
);
