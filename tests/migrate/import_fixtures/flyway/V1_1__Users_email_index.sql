-- Flyway runs CONCURRENTLY outside a transaction on its own.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (lower(email));
