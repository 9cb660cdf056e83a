-- expect: nothing
-- toml: [lint.rules.policy-using-true]
-- toml: admin_roles = ["lint_admin"]
-- setup
DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lint_admin') THEN CREATE ROLE lint_admin; END IF; END $$;
CREATE TABLE notes (id bigint PRIMARY KEY);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_admin ON notes TO lint_admin USING (true);
