-- migrate:up
ALTER TABLE posts ADD COLUMN body text NOT NULL DEFAULT '';
CREATE INDEX posts_user_id_idx ON posts (user_id);

-- migrate:down
DROP INDEX posts_user_id_idx;
ALTER TABLE posts DROP COLUMN body;
