-- Operators: binary with commutator/negator/restrict/join, a prefix operator, one over a
-- domain, used by a view, with a comment.
CREATE SCHEMA ops;
CREATE FUNCTION ops.approx_eq(a numeric, b numeric) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a - b) < 0.001 $$;
CREATE FUNCTION ops.approx_ne(a numeric, b numeric) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT abs(a - b) >= 0.001 $$;
CREATE OPERATOR ops.~= (
    FUNCTION = ops.approx_eq, LEFTARG = numeric, RIGHTARG = numeric,
    COMMUTATOR = OPERATOR(ops.~=), NEGATOR = OPERATOR(ops.!~=),
    RESTRICT = eqsel, JOIN = eqjoinsel
);
CREATE OPERATOR ops.!~= (
    FUNCTION = ops.approx_ne, LEFTARG = numeric, RIGHTARG = numeric,
    COMMUTATOR = OPERATOR(ops.!~=), NEGATOR = OPERATOR(ops.~=)
);
COMMENT ON OPERATOR ops.~= (numeric, numeric) IS 'Equal within a thousandth';
CREATE FUNCTION ops.twice(a integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 2 * a $$;
CREATE OPERATOR ops.## (FUNCTION = ops.twice, RIGHTARG = integer);

CREATE TABLE ops.readings (id int PRIMARY KEY, v numeric);
CREATE VIEW ops.close_pairs AS
    SELECT a.id AS a, b.id AS b FROM ops.readings a JOIN ops.readings b ON a.v OPERATOR(ops.~=) b.v;
