-- migrate:up transaction:false
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (lower(email));

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY IF EXISTS users_email_key;
