-- expect: check-name-prefix public.things.things_n_check
-- setup
CREATE TABLE things (id bigint PRIMARY KEY, n bigint CHECK (n > 0));
