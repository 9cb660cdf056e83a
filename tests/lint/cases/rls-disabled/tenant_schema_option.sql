-- expect: rls-disabled app.settings
-- toml: [lint.rules.rls-disabled]
-- toml: schemas = ["app"]
-- setup
CREATE SCHEMA app;
CREATE TABLE app.settings (id bigint PRIMARY KEY, value text);
