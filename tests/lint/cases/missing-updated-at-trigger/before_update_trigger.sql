-- expect: nothing
-- setup
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE TABLE things (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE TRIGGER updated_at BEFORE UPDATE ON things FOR EACH ROW EXECUTE FUNCTION set_updated_at();
