-- name: GetItem :one
SELECT id, name, note FROM item WHERE id = $1;

-- name: ListItems :many
SELECT id, name FROM item ORDER BY id;
