-- expect: nothing
-- setup
CREATE TABLE notes (id text COLLATE "C" PRIMARY KEY CHECK (id LIKE 'nte_%'), body text);
