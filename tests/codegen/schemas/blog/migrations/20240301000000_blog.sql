-- migrate:up
CREATE DOMAIN slug AS varchar(80) CHECK (VALUE ~ '^[a-z0-9-]+$');
CREATE TYPE visibility AS ENUM ('public', 'unlisted', 'private');

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    handle text NOT NULL UNIQUE,
    display_name text,
    settings jsonb,
    karma int8 NOT NULL DEFAULT 0
);

CREATE TABLE posts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id uuid NOT NULL REFERENCES users (id),
    slug slug NOT NULL UNIQUE,
    title text NOT NULL,
    body text NOT NULL DEFAULT '',
    visibility visibility NOT NULL DEFAULT 'public',
    labels text[],
    score float4 NOT NULL DEFAULT 0,
    published boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE comments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id bigint NOT NULL REFERENCES posts (id),
    author_id uuid REFERENCES users (id),
    parent_id bigint REFERENCES comments (id),
    body text NOT NULL
);

CREATE TABLE tags (
    id int4 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE post_tags (
    post_id bigint NOT NULL REFERENCES posts (id),
    tag_id int4 NOT NULL REFERENCES tags (id),
    PRIMARY KEY (post_id, tag_id)
);

-- migrate:down
DROP TABLE post_tags;
DROP TABLE tags;
DROP TABLE comments;
DROP TABLE posts;
DROP TABLE users;
DROP TYPE visibility;
DROP DOMAIN slug;
