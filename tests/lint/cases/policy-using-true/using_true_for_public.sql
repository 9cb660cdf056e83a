-- expect: policy-using-true public.notes.notes_all
-- setup
CREATE TABLE notes (id bigint PRIMARY KEY);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_all ON notes USING (true);
