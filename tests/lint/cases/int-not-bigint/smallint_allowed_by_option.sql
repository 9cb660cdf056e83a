-- expect: nothing
-- toml: [lint.rules.int-not-bigint]
-- toml: types = ["integer"]
-- setup
CREATE TABLE things (id bigint PRIMARY KEY, small smallint);
