-- The SQLite schema behind the SQLite examples of docs/testing.md (tests/docs).
-- migrate:up
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- migrate:down
DROP TABLE orders;
