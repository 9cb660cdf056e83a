-- expect: nothing
-- toml: [lint.rules.timestamp-without-tz]
-- toml: severity = "error"
-- toml: exempt = ["public.legacy_*"]
-- setup
CREATE TABLE legacy_events (id bigint PRIMARY KEY, at timestamp);
