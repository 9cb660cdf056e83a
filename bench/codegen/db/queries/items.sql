-- The queries bench/codegen_bench.cpp runs through the generated code.

-- name: GetItem :one
SELECT id, name, qty, price, note FROM items WHERE id = $1;

-- name: ListItems :many
SELECT id, name, qty, price, note FROM items ORDER BY id LIMIT $1;
