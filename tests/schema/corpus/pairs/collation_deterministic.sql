-- expect: ~ collation public.ci: deterministic "false" -> null
-- from:
CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
-- to:
CREATE COLLATION public.ci (provider = icu, locale = 'und-u-ks-level2');
