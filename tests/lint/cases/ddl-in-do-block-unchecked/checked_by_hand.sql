-- expect: nothing
-- file: 20260101000001_change.sql
-- A change.
-- migrate:up
-- strata:ignore ddl-in-do-block-unchecked creates a role only when missing
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'lint_case_role') THEN
        CREATE ROLE lint_case_role NOLOGIN;
    END IF;
END
$$;
-- migrate:down
SELECT 1;
