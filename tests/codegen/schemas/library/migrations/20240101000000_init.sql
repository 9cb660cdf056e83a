-- migrate:up
CREATE TYPE book_genre AS ENUM ('fiction', 'history', 'science');
CREATE DOMAIN isbn AS text CHECK (length(VALUE) IN (10, 13));

CREATE TABLE authors (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    bio text,
    born date,
    external_id uuid NOT NULL DEFAULT gen_random_uuid()
);

CREATE TABLE books (
    id bigserial PRIMARY KEY,
    author_id bigint NOT NULL REFERENCES authors (id),
    title varchar(200) NOT NULL,
    isbn isbn,
    genre book_genre NOT NULL DEFAULT 'fiction',
    tags text[] NOT NULL DEFAULT '{}',
    price numeric(10, 2) NOT NULL,
    published_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    cover bytea,
    code char(4)
);

CREATE TABLE reviews (
    id bigserial PRIMARY KEY,
    book_id bigint NOT NULL REFERENCES books (id),
    stars int2 NOT NULL CHECK (stars BETWEEN 1 AND 5),
    body text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_book_id ON reviews (book_id);

-- migrate:down
DROP TABLE reviews;
DROP TABLE books;
DROP TABLE authors;
DROP DOMAIN isbn;
DROP TYPE book_genre;
