-- Privileges with pg_dump's semantics: grants beyond the defaults, REVOKE EXECUTE FROM PUBLIC,
-- revokes from the owner, WITH GRANT OPTION, column privileges, USAGE on types revoked,
-- schema, sequence, view, wrapper and server privileges, default privileges (global and per
-- schema, grants and revokes). strata_app is the test server's unprivileged role.
CREATE SCHEMA secure;
GRANT USAGE ON SCHEMA secure TO strata_app;
CREATE TABLE secure.accounts (id int PRIMARY KEY, email text, password_hash text, balance numeric);
GRANT SELECT (id, email), UPDATE (email) ON secure.accounts TO strata_app;
GRANT INSERT ON secure.accounts TO strata_app WITH GRANT OPTION;
CREATE TABLE secure.audit (id int);
REVOKE ALL ON secure.audit FROM CURRENT_USER;
GRANT SELECT ON secure.audit TO CURRENT_USER;
GRANT SELECT ON secure.audit TO PUBLIC;
CREATE VIEW secure.emails AS SELECT id, email FROM secure.accounts;
GRANT SELECT ON secure.emails TO strata_app;
CREATE SEQUENCE secure.ids;
GRANT USAGE ON SEQUENCE secure.ids TO strata_app;

CREATE FUNCTION secure.reset(p_id int) RETURNS void LANGUAGE sql AS $$ SELECT $$;
REVOKE EXECUTE ON FUNCTION secure.reset(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION secure.reset(int) TO strata_app;
CREATE FUNCTION secure.open_to_all() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE PROCEDURE secure.rotate() LANGUAGE sql AS $$ SELECT $$;
REVOKE ALL ON PROCEDURE secure.rotate() FROM PUBLIC;

CREATE TYPE secure.level AS ENUM ('low', 'high');
REVOKE USAGE ON TYPE secure.level FROM PUBLIC;
CREATE DOMAIN secure.positive AS int CHECK (VALUE > 0);
GRANT USAGE ON DOMAIN secure.positive TO strata_app;

CREATE FOREIGN DATA WRAPPER secure_fdw;
GRANT USAGE ON FOREIGN DATA WRAPPER secure_fdw TO strata_app;
CREATE SERVER secure_srv FOREIGN DATA WRAPPER secure_fdw;
GRANT USAGE ON FOREIGN SERVER secure_srv TO strata_app;

ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO strata_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA secure GRANT USAGE, SELECT ON SEQUENCES TO strata_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA secure GRANT INSERT ON TABLES TO strata_app WITH GRANT OPTION;
