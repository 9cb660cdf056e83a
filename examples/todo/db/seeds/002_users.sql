-- One user per tenant. Idempotent: safe to run again.
INSERT INTO users (id, organization_id, email, display_name) VALUES
    (1, 1, 'ada@acme.test', 'Ada'),
    (2, 2, 'grace@globex.test', 'Grace')
ON CONFLICT (id) DO NOTHING;
SELECT setval(pg_get_serial_sequence('users', 'id'), GREATEST((SELECT max(id) FROM users), 1));
