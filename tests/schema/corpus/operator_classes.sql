-- Operator families and classes: a family with loose cross-type members (ALTER OPERATOR
-- FAMILY ... ADD), classes bound to it explicitly, a class whose family is created with it
-- (same name), a non-default hash class, storage, comments, and indexes that use the classes
-- (so each class must come before them and after its support functions).
CREATE SCHEMA rev;
CREATE FUNCTION rev.int4_cmp(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT btint4cmp(b, a) $$;
CREATE FUNCTION rev.int8_cmp(a bigint, b bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT btint8cmp(b, a) $$;
CREATE FUNCTION rev.int48_cmp(a integer, b bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT btint48cmp(b::integer, a::bigint) $$;
CREATE FUNCTION rev.int2_cmp(a smallint, b smallint) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT btint2cmp(b, a) $$;
CREATE FUNCTION rev.text_len_hash(t text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT length(t) $$;

CREATE OPERATOR FAMILY rev.int_rev_ops USING btree;
COMMENT ON OPERATOR FAMILY rev.int_rev_ops USING btree IS 'Integers, largest first';
CREATE OPERATOR CLASS rev.int4_rev_ops FOR TYPE integer USING btree FAMILY rev.int_rev_ops AS
    OPERATOR 1 >, OPERATOR 2 >=, OPERATOR 3 =, OPERATOR 4 <=, OPERATOR 5 <,
    FUNCTION 1 rev.int4_cmp(integer, integer);
CREATE OPERATOR CLASS rev.int8_rev_ops FOR TYPE bigint USING btree FAMILY rev.int_rev_ops AS
    OPERATOR 1 >, OPERATOR 2 >=, OPERATOR 3 =, OPERATOR 4 <=, OPERATOR 5 <,
    FUNCTION 1 rev.int8_cmp(bigint, bigint);
ALTER OPERATOR FAMILY rev.int_rev_ops USING btree ADD
    OPERATOR 1 > (integer, bigint), OPERATOR 3 = (integer, bigint),
    OPERATOR 5 < (integer, bigint),
    FUNCTION 1 (integer, bigint) rev.int48_cmp(integer, bigint);
COMMENT ON OPERATOR CLASS rev.int4_rev_ops USING btree IS 'integer, largest first';

-- The family int2_rev_ops is created by the class.
CREATE OPERATOR CLASS rev.int2_rev_ops FOR TYPE smallint USING btree AS
    OPERATOR 1 >, OPERATOR 3 =, OPERATOR 5 <,
    FUNCTION 1 rev.int2_cmp(smallint, smallint);

CREATE OPERATOR CLASS rev.text_len_ops FOR TYPE text USING hash AS
    OPERATOR 1 = (text, text),
    FUNCTION 1 rev.text_len_hash(text);

CREATE TABLE rev.scores (id integer, total bigint, small smallint, label text);
CREATE INDEX scores_id_desc ON rev.scores (id rev.int4_rev_ops);
CREATE INDEX scores_total_desc ON rev.scores (total rev.int8_rev_ops, small rev.int2_rev_ops);
CREATE INDEX scores_label_len ON rev.scores USING hash (label rev.text_len_ops);
