-- Row-level security: the application role sees one organization's rows, chosen by the
-- transaction-local setting app.org_id. An unset claim matches nothing (fail closed).
-- migrate:up
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'todo_app') THEN
        CREATE ROLE todo_app NOLOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO todo_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON organizations, users, todos TO todo_app;

ALTER TABLE todos ENABLE ROW LEVEL SECURITY;
ALTER TABLE todos FORCE ROW LEVEL SECURITY;
CREATE POLICY todos_tenant ON todos
    USING (organization_id = NULLIF(current_setting('app.org_id', true), '')::bigint)
    WITH CHECK (organization_id = NULLIF(current_setting('app.org_id', true), '')::bigint);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_tenant ON users
    USING (organization_id = NULLIF(current_setting('app.org_id', true), '')::bigint)
    WITH CHECK (organization_id = NULLIF(current_setting('app.org_id', true), '')::bigint);

-- migrate:down
DROP POLICY users_tenant ON users;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
DROP POLICY todos_tenant ON todos;
ALTER TABLE todos NO FORCE ROW LEVEL SECURITY;
ALTER TABLE todos DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON organizations, users, todos FROM todo_app;
REVOKE USAGE ON SCHEMA public FROM todo_app;
