-- Search by title without locking writers: built concurrently, so outside a transaction.
-- migrate:no-transaction
-- migrate:up
CREATE INDEX CONCURRENTLY ix_todos_title ON todos (title);

-- migrate:down
DROP INDEX CONCURRENTLY ix_todos_title;
