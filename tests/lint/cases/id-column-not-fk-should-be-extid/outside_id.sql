-- expect: id-column-not-fk-should-be-extid public.payments.stripe_id
-- setup
CREATE TABLE payments (id bigint PRIMARY KEY, stripe_id text);
