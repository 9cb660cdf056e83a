-- Two tenants for local development. Idempotent: safe to run again.
INSERT INTO organizations (id, name) VALUES (1, 'Acme'), (2, 'Globex')
ON CONFLICT (id) DO NOTHING;
SELECT setval(pg_get_serial_sequence('organizations', 'id'), GREATEST((SELECT max(id) FROM organizations), 1));
