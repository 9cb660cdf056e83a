-- expect: int-not-bigint public.things.n
-- expect: int-not-bigint public.things.seq
-- expect: int-not-bigint public.things.small
-- setup
CREATE TABLE things (id bigint PRIMARY KEY, n integer, seq serial, small smallint);
