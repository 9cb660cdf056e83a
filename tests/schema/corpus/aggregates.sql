-- Aggregates: plain, with a final function and initial condition, moving-aggregate support,
-- parallel/combine, an ordered-set and a hypothetical-set aggregate, one without arguments.
CREATE SCHEMA stats;

CREATE FUNCTION stats.add_pair(acc numeric[], x numeric) RETURNS numeric[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[acc[1] + x, acc[2] + 1] $$;
CREATE FUNCTION stats.sub_pair(acc numeric[], x numeric) RETURNS numeric[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[acc[1] - x, acc[2] - 1] $$;
CREATE FUNCTION stats.pair_avg(acc numeric[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN acc[2] = 0 THEN NULL ELSE acc[1] / acc[2] END $$;
CREATE FUNCTION stats.merge_pair(a numeric[], b numeric[]) RETURNS numeric[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[a[1] + b[1], a[2] + b[2]] $$;

CREATE AGGREGATE stats.mean(numeric) (
    SFUNC = stats.add_pair,
    STYPE = numeric[],
    FINALFUNC = stats.pair_avg,
    INITCOND = '{0,0}',
    COMBINEFUNC = stats.merge_pair,
    PARALLEL = SAFE,
    MSFUNC = stats.add_pair,
    MINVFUNC = stats.sub_pair,
    MSTYPE = numeric[],
    MFINALFUNC = stats.pair_avg,
    MINITCOND = '{0,0}'
);
COMMENT ON AGGREGATE stats.mean(numeric) IS 'Arithmetic mean, usable as a moving aggregate';

CREATE AGGREGATE stats.total(integer) (SFUNC = int4pl, STYPE = integer);

CREATE AGGREGATE stats.biggest(integer) (SFUNC = int4larger, STYPE = integer, SORTOP = >);

CREATE FUNCTION stats.count_star(bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS $$ SELECT $1 + 1 $$;
CREATE AGGREGATE stats.rows_seen(*) (SFUNC = stats.count_star, STYPE = bigint, INITCOND = '0');

-- Ordered-set: the percentile_disc support functions of pg_catalog.
CREATE FUNCTION stats.median_final(internal, double precision, anyelement) RETURNS anyelement
    LANGUAGE internal IMMUTABLE AS 'percentile_disc_final';
CREATE AGGREGATE stats.pct(double precision ORDER BY anyelement) (
    SFUNC = ordered_set_transition,
    STYPE = internal,
    FINALFUNC = stats.median_final,
    FINALFUNC_EXTRA
);
CREATE AGGREGATE stats.rank_of(VARIADIC "any" ORDER BY VARIADIC "any") (
    SFUNC = ordered_set_transition_multi,
    STYPE = internal,
    FINALFUNC = rank_final,
    FINALFUNC_EXTRA,
    HYPOTHETICAL
);

CREATE TABLE stats.samples (id int PRIMARY KEY, v numeric);
CREATE VIEW stats.summary AS SELECT stats.mean(v) AS mean, stats.rows_seen(*) AS n FROM stats.samples;
