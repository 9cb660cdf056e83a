-- Range types and their multiranges: a subtype diff function, a non-default collation, an
-- explicit multirange name, used by columns, an exclusion constraint and functions.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA sched;

CREATE FUNCTION sched.time_diff(a time, b time) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT EXTRACT(EPOCH FROM (a - b)) $$;

CREATE TYPE sched.timerange AS RANGE (subtype = time, subtype_diff = sched.time_diff);
CREATE TYPE sched.textrange AS RANGE (subtype = text, collation = "C",
    multirange_type_name = sched.text_ranges);
CREATE TYPE sched.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
COMMENT ON TYPE sched.timerange IS 'Opening hours';

CREATE TABLE sched.slots (
    room int NOT NULL,
    hours sched.timerange NOT NULL,
    all_hours sched.timemultirange,
    names sched.text_ranges,
    EXCLUDE USING gist (room WITH =, hours WITH &&)
);

CREATE FUNCTION sched.opening(r int) RETURNS sched.timerange
    LANGUAGE sql STABLE AS $$ SELECT sched.timerange('09:00', '17:00') $$;
CREATE FUNCTION sched.all_open() RETURNS sched.timemultirange
    LANGUAGE sql STABLE AS $$ SELECT sched.timemultirange(sched.timerange('09:00', '17:00')) $$;
