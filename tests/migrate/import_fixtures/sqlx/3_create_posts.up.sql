CREATE TABLE posts (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title text NOT NULL
);

CREATE FUNCTION posts_trim_title() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.title := btrim(NEW.title);  -- a semicolon inside the body
    RETURN NEW;
END;
$$;

CREATE TRIGGER posts_trim_title BEFORE INSERT OR UPDATE ON posts
    FOR EACH ROW EXECUTE FUNCTION posts_trim_title();
