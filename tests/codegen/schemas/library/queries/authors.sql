-- Queries in sqlc's grammar, as a project using sqlc keeps them.

-- name: GetAuthor :one
SELECT * FROM authors
WHERE id = $1 LIMIT 1;

-- name: ListAuthors :many
SELECT * FROM authors
ORDER BY name;

-- name: CreateAuthor :one
INSERT INTO authors (
  name, bio
) VALUES (
  $1, $2
)
RETURNING *;

-- name: UpdateAuthorBio :exec
UPDATE authors SET bio = $2
WHERE id = $1;

-- name: DeleteAuthor :execrows
DELETE FROM authors
WHERE id = $1;

-- name: TouchAuthors :execresult
UPDATE authors SET name = name WHERE born < @before;

-- name: AuthorByExternalId :one
SELECT id, name FROM authors WHERE external_id = sqlc.arg(external_id);

-- name: SearchAuthors :many
SELECT id, name, bio FROM authors
WHERE name ILIKE sqlc.arg(pattern) OR bio = sqlc.narg(bio)
ORDER BY id
LIMIT sqlc.arg(page_size) OFFSET sqlc.arg(page_offset);

-- name: AuthorsByIds :many
SELECT id, name FROM authors WHERE id IN (sqlc.slice(ids)) ORDER BY id;

-- name: AuthorsPage :many
SELECT id, name FROM authors ORDER BY id LIMIT $1 OFFSET $2;

-- name: CountAuthors :one
SELECT count(*) FROM authors;

-- name: AuthorStats :one
SELECT count(*) AS total, max(born) AS youngest, min(name) AS first_name,
       coalesce(max(name), 'none') AS last_name
FROM authors;

-- name: AuthorExists :one
SELECT EXISTS (SELECT 1 FROM authors WHERE id = $1) AS found;

-- name: AuthorBioOrDefault :one
SELECT id, coalesce(bio, '') AS bio, bio AS "raw_bio!", name AS "display: std::string"
FROM authors WHERE id = $1;

-- name: CreateAuthors :copyfrom
INSERT INTO authors (name, bio, born) VALUES ($1, $2, $3);

-- name: RenameAuthors :batchexec
UPDATE authors SET name = @name WHERE id = @id;

-- name: GetAuthorsBatch :batchone
SELECT id, name, bio FROM authors WHERE id = $1;

-- name: BooksOfAuthors :batchmany
SELECT id, title FROM books WHERE author_id = $1 ORDER BY id;

-- name: UpsertAuthor :one
INSERT INTO authors (id, name, bio) VALUES ($1, $2, $3)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, bio = EXCLUDED.bio
RETURNING id, name, bio;
