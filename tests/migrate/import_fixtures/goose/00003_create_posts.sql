-- +goose Up
CREATE TABLE posts (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title text NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION posts_trim_title() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.title := btrim(NEW.title);  -- a semicolon inside the body
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER posts_trim_title BEFORE INSERT OR UPDATE ON posts
    FOR EACH ROW EXECUTE FUNCTION posts_trim_title();

-- +goose Down
-- +goose StatementBegin
DROP TABLE posts;
DROP FUNCTION posts_trim_title();
-- +goose StatementEnd
