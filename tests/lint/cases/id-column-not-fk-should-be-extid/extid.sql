-- expect: nothing
-- setup
CREATE TABLE payments (id bigint PRIMARY KEY, stripe_extid text);
