-- expect: ~ text search dictionary public.d: options "stopwords = 'english'" -> "stopwords = 'french'"
-- from:
CREATE TEXT SEARCH DICTIONARY public.d (TEMPLATE = simple, stopwords = 'english');
-- to:
CREATE TEXT SEARCH DICTIONARY public.d (TEMPLATE = simple, stopwords = 'french');
