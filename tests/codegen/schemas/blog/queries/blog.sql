-- name: GetUserByHandle :one
SELECT id, handle, display_name, settings, karma FROM users WHERE handle = $1;

-- name: CreateUser :one
INSERT INTO users (handle, display_name, settings) VALUES (@handle, @display_name, @settings)
RETURNING *;

-- name: UserSetting :one
SELECT settings -> 'theme' AS theme, settings ->> 'lang' AS lang FROM users WHERE id = $1;

-- name: CreatePost :one
INSERT INTO posts (author_id, slug, title, visibility, labels)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, slug, visibility, labels, created_at;

-- name: GetPostBySlug :one
SELECT p.id, p.title, p.visibility, u.handle AS author
FROM posts p JOIN users u ON u.id = p.author_id
WHERE p.slug = $1;

-- name: PostsWithAuthorEmbed :many
SELECT sqlc.embed(p), u.handle
FROM posts p JOIN users u ON u.id = p.author_id
ORDER BY p.id;

-- name: CommentsWithAuthors :many
SELECT c.id, c.body, u.handle AS author_handle, sqlc.embed(u)
FROM comments c LEFT JOIN users u ON u.id = c.author_id
WHERE c.post_id = $1
ORDER BY c.id;

-- name: CommentThreads :many
SELECT c.id, c.body, parent.body AS parent_body
FROM comments c LEFT JOIN comments parent ON parent.id = c.parent_id
WHERE c.post_id = $1
ORDER BY c.id;

-- name: RepliesWhereParentExists :many
SELECT c.id, parent.body AS parent_body
FROM comments c LEFT JOIN comments parent ON parent.id = c.parent_id
WHERE parent.body IS NOT NULL
ORDER BY c.id;

-- name: PostTagNames :many
SELECT p.id, array_agg(t.name ORDER BY t.name) AS tags
FROM posts p
JOIN post_tags pt ON pt.post_id = p.id
JOIN tags t ON t.id = pt.tag_id
GROUP BY p.id ORDER BY p.id;

-- name: TagsFullPosts :many
SELECT t.name AS tag, pt.post_id
FROM tags t FULL OUTER JOIN post_tags pt ON pt.tag_id = t.id
ORDER BY t.name, pt.post_id;

-- name: PublishPosts :execrows
UPDATE posts SET published = true WHERE id = ANY(@ids::int8[]);

-- name: PostsByVisibility :many
SELECT id, slug FROM posts WHERE visibility IN (sqlc.slice(levels)) ORDER BY id;

-- name: TopPosts :many
SELECT id, title, score, rank() OVER (ORDER BY score DESC) AS place
FROM posts WHERE published ORDER BY place, id LIMIT @lim;

-- name: UserKarmaTotal :one
SELECT sum(karma) AS total, count(*) AS users FROM users;

-- name: AddTags :copyfrom
INSERT INTO tags (name) VALUES ($1);

-- name: TagPosts :batchexec
INSERT INTO post_tags (post_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING;

-- name: AuthorPostCounts :many
WITH counts AS (
  SELECT author_id, count(*) AS n FROM posts GROUP BY author_id
)
SELECT u.handle, counts.n
FROM users u LEFT JOIN counts ON counts.author_id = u.id
ORDER BY u.handle;

-- name: PostLabels :one
SELECT labels, labels[1] AS first_label FROM posts WHERE id = $1;

-- name: UnionHandles :many
SELECT handle AS name FROM users
UNION ALL
SELECT name FROM tags
ORDER BY name;

-- name: DeleteComment :exec
DELETE FROM comments WHERE id = $1;

-- name: SetDisplayName :one
UPDATE users SET display_name = 'anonymous' WHERE id = $1
RETURNING id, display_name;
