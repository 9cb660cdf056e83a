-- A table for the package test's strata::testing and strata::testing_gtest programs (SQLite).
-- migrate:up
CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL);

-- migrate:down
DROP TABLE item;
