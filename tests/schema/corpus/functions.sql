-- Functions and procedures with every property pg_dump keeps: SET clauses (search_path,
-- work_mem, a value with a comma), PARALLEL, LEAKPROOF, COST, ROWS, SECURITY DEFINER, STRICT,
-- volatility, defaults, OUT/INOUT/VARIADIC arguments, SQL-standard bodies, procedures.
CREATE SCHEMA fn;
CREATE FUNCTION fn.locked(a integer) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET work_mem = '64MB'
    AS $$ SELECT a + 1 $$;
CREATE FUNCTION fn.safe_sum(VARIADIC xs integer[]) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF COST 5
    AS $$ SELECT sum(x) FROM unnest(xs) x $$;
CREATE FUNCTION fn.series(n integer, step integer DEFAULT 1) RETURNS SETOF integer
    LANGUAGE sql IMMUTABLE PARALLEL RESTRICTED ROWS 42
    AS $$ SELECT generate_series(1, n, step) $$;
CREATE FUNCTION fn.split(full_name text, OUT first text, OUT last text)
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT split_part(full_name, ' ', 1), split_part(full_name, ' ', 2) $$;
CREATE FUNCTION fn.standard(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
    RETURN a * b + 1;
CREATE PROCEDURE fn.bump(INOUT counter integer)
    LANGUAGE plpgsql
    SET statement_timeout = '5s'
    AS $$ BEGIN counter := counter + 1; END $$;
COMMENT ON PROCEDURE fn.bump(integer) IS 'Adds one';
