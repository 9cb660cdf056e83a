-- expect: nothing
-- toml: [lint.rules.missing-created-at]
-- toml: column = "inserted_at"
-- setup
CREATE TABLE things (id bigint PRIMARY KEY, inserted_at timestamptz NOT NULL DEFAULT now());
