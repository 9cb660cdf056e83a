-- expect: ~ language plmine: trusted null -> "true"
-- from:
CREATE FUNCTION public.pl_handler() RETURNS language_handler
    LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';
CREATE LANGUAGE plmine HANDLER public.pl_handler;
-- to:
CREATE FUNCTION public.pl_handler() RETURNS language_handler
    LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';
CREATE TRUSTED LANGUAGE plmine HANDLER public.pl_handler;
