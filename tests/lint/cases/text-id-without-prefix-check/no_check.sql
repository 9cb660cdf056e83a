-- expect: text-id-without-prefix-check public.notes.id
-- setup
CREATE TABLE notes (id text COLLATE "C" PRIMARY KEY, body text);
