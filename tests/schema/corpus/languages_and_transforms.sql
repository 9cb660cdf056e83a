-- A procedural language created without an extension (handler, inline handler and validator
-- are C functions of the plpgsql library), a function written in it, a grant on it, and a
-- transform for a user type in that language used by a function (TRANSFORM FOR TYPE).
CREATE SCHEMA lang;
CREATE FUNCTION lang.pl_handler() RETURNS language_handler
    LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';
CREATE FUNCTION lang.pl_inline(internal) RETURNS void
    LANGUAGE c STRICT AS '$libdir/plpgsql', 'plpgsql_inline_handler';
CREATE FUNCTION lang.pl_validator(oid) RETURNS void
    LANGUAGE c STRICT AS '$libdir/plpgsql', 'plpgsql_validator';
CREATE TRUSTED LANGUAGE plmine HANDLER lang.pl_handler INLINE lang.pl_inline
    VALIDATOR lang.pl_validator;
COMMENT ON LANGUAGE plmine IS 'plpgsql under another name';
REVOKE USAGE ON LANGUAGE plmine FROM PUBLIC;
GRANT USAGE ON LANGUAGE plmine TO strata_app;
CREATE FUNCTION lang.answer() RETURNS integer LANGUAGE plmine AS $$ BEGIN RETURN 42; END $$;
CREATE TYPE lang.mood AS ENUM ('sad', 'happy');
CREATE FUNCTION lang.mood_from_sql(internal) RETURNS internal
    LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE FUNCTION lang.mood_to_sql(internal) RETURNS lang.mood
    LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE TRANSFORM FOR lang.mood LANGUAGE plmine (
    FROM SQL WITH FUNCTION lang.mood_from_sql(internal),
    TO SQL WITH FUNCTION lang.mood_to_sql(internal)
);
COMMENT ON TRANSFORM FOR lang.mood LANGUAGE plmine IS 'moods as integers';
CREATE FUNCTION lang.cheer(m lang.mood) RETURNS integer LANGUAGE plmine
    TRANSFORM FOR TYPE lang.mood AS $$ BEGIN RETURN 1; END $$;
